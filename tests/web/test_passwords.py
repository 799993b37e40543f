"""Changing a password, resetting a forgotten one by email, and the forced first change."""

from engage.domain import AuditAction
from engage.models import AuditEvent
from engage.services import users
from tests.conftest import PASSWORD, StaffClient, csrf_token_from, sign_in
from tests.pages import checked_page

NEW = "new staple river"


def post_form(client, url: str, data: dict):
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token})


def test_the_password_pages_render(staff, client):
    checked_page(staff.client.get("/auth/password"))
    staff.post("/auth/sign-out")
    checked_page(client.get("/auth/reset"))
    checked_page(client.get("/auth/reset/not-a-token"), 404)


def test_changing_a_password_checks_the_current_one_and_the_new_one(staff, admin):
    wrong = staff.post(
        "/auth/password", data={"current": "wrong-wrong-wrong", "password": NEW, "confirm": NEW}
    )
    assert "current password is not correct" in checked_page(wrong, 400).get_text()
    common = staff.post(
        "/auth/password",
        data={"current": PASSWORD, "password": "aaaaaaaaaaaa", "confirm": "aaaaaaaaaaaa"},
    )
    assert "harder to guess" in checked_page(common, 400).get_text()
    differ = staff.post(
        "/auth/password", data={"current": PASSWORD, "password": NEW, "confirm": NEW + "x"}
    )
    assert "not the same" in checked_page(differ, 400).get_text()
    assert (
        staff.post(
            "/auth/password", data={"current": PASSWORD, "password": NEW, "confirm": NEW}
        ).status_code
        == 302
    )
    assert users.authenticate(admin.email, NEW) == admin
    assert AuditEvent.query.filter_by(action=AuditAction.PASSWORD_CHANGED).count() == 1


def test_a_temporary_password_must_be_changed_before_anything_else(client, app):
    user = users.create_user(
        "temp@example.org", "Temp", PASSWORD, site_admin=True, must_change_password=True
    )
    staff = StaffClient(client, sign_in(client, user.email))
    response = client.get("/manage/")
    assert response.status_code == 302 and response.headers["Location"] == "/auth/password"
    page = staff.get("/auth/password")
    assert "chosen by someone else" in page.get_text()
    changed = staff.post(
        "/auth/password", data={"current": PASSWORD, "password": NEW, "confirm": NEW}
    )
    assert changed.status_code == 302
    assert client.get("/manage/").status_code == 200
    assert not user.must_change_password


def test_create_admin_for_someone_else_sets_a_temporary_password(app):
    result = app.test_cli_runner().invoke(
        args=["create-admin", "--email", "b@example.org", "--password", NEW, "--for-someone-else"]
    )
    assert result.exit_code == 0, result.output
    assert users.find_by_email("b@example.org").must_change_password


def test_the_demo_account_need_not_change_its_password(app):
    from engage.services import demo

    users.create_user(demo.DEMO_EMAIL, "Demo admin", demo.DEMO_PASSWORD, site_admin=True)
    assert not users.find_by_email(demo.DEMO_EMAIL).must_change_password


def test_a_reset_link_is_sent_only_to_an_account_and_the_page_says_the_same(client, admin, mailbox):
    pages = []
    for email in (admin.email, "nobody@example.org"):
        response = post_form(client, "/auth/reset", {"email": email})
        pages.append(checked_page(response).select_one("main").get_text(" ", strip=True))
    assert pages[0] == pages[1]
    assert "If there is an account" in pages[0]
    assert len(mailbox) == 1 and mailbox[0]["To"] == admin.email
    assert mailbox[0]["Subject"] == "Reset your Engage password"


def test_a_reset_link_works_once_and_ends_every_session(app, client, admin, mailbox):
    other = app.test_client()
    sign_in(other, admin.email)
    post_form(client, "/auth/reset", {"email": admin.email})
    (link,) = mailbox.links()
    page = checked_page(client.get(link))
    assert page.find(id="password")
    done = post_form(client, link, {"password": NEW, "confirm": NEW})
    assert done.status_code == 302 and done.headers["Location"] == "/auth/sign-in"
    assert users.authenticate(admin.email, NEW) == admin
    assert other.get("/manage/").status_code == 302  # the other session has ended
    assert client.get(link).status_code == 404  # used
    assert AuditEvent.query.filter_by(action=AuditAction.PASSWORD_RESET).count() == 1


def test_a_reset_link_expires_after_30_minutes(client, admin, mailbox, clock):
    post_form(client, "/auth/reset", {"email": admin.email})
    (link,) = mailbox.links()
    clock.advance(minutes=29)
    assert client.get(link).status_code == 200
    clock.advance(minutes=2)
    page = checked_page(client.get(link), 404)
    assert "expired or has already been used" in page.get_text()


def test_a_reset_refuses_a_common_password(client, admin, mailbox):
    post_form(client, "/auth/reset", {"email": admin.email})
    (link,) = mailbox.links()
    refused = post_form(client, link, {"password": "password1234", "confirm": "password1234"})
    assert "harder to guess" in checked_page(refused, 400).get_text()
    assert client.get(link).status_code == 200  # not used up by a refusal


def test_reset_emails_to_one_address_are_limited(client, admin, mailbox):
    for _ in range(3):
        assert post_form(client, "/auth/reset", {"email": admin.email}).status_code == 200
    blocked = post_form(client, "/auth/reset", {"email": admin.email})
    assert "Too many attempts" in checked_page(blocked, 429).get_text()
    assert len(mailbox) == 3
