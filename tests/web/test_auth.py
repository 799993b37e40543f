import pytest

from tests.conftest import PASSWORD, csrf_token_from
from tests.pages import checked_page


def test_sign_in_page_and_wrong_password(client, admin):
    page = checked_page(client.get("/auth/sign-in"))
    token = page.find("input", attrs={"name": "csrf_token"})["value"]
    wrong = client.post(
        "/auth/sign-in", data={"email": admin.email, "password": "nope-nope", "csrf_token": token}
    )
    checked = checked_page(wrong, 400)
    assert (
        "Enter a correct email address and password"
        in checked.select_one(".error-summary").get_text()
    )
    assert checked.find(id="email")["value"] == admin.email
    assert checked.find(id="password")["value"] == ""


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/manage/p/x/", "/manage/p/x/"),
        ("https://evil.example/", "/manage/"),
        ("//evil.example", "/manage/"),
        ("/\\evil.example", "/manage/"),
        ("javascript:alert(1)", "/manage/"),
    ],
)
def test_sign_in_only_redirects_within_the_site(client, admin, next_url, expected):
    token = csrf_token_from(client.get("/auth/sign-in").get_data(as_text=True))
    response = client.post(
        "/auth/sign-in",
        query_string={"next": next_url},
        data={"email": admin.email, "password": PASSWORD, "csrf_token": token},
    )
    assert response.headers["Location"] == expected


def test_sign_out_needs_a_post_with_csrf(staff):
    assert staff.client.get("/auth/sign-out").status_code == 405
    assert staff.post("/auth/sign-out").status_code == 302
    assert staff.client.get("/manage/").status_code == 302
