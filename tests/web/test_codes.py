"""Single-use codes, from the organiser's page to the respondent's: one response each,
never linked to the answers."""

import csv
import io

import pytest
from sqlalchemy import func, inspect, select

from engage.extensions import db
from engage.models import AccessCode, Response
from engage.services import access_codes
from tests.builders import build_world
from tests.pages import checked_page
from tests.web.test_respond import complete, field


@pytest.fixture
def world(admin):
    return build_world(admin)


def issued(world, admin, count=3):
    return [code.code for code in access_codes.issue(world.link, count, admin)]


def hidden_fields(page):
    return {tag["name"]: tag.get("value", "") for tag in page.select("input[type=hidden]")}


def answer_with(client, world, code):
    page = checked_page(client.get(f"/c/{code}"))
    assert page.form["action"] == f"/c/{code}"
    return client.post(f"/c/{code}", data=complete(world, hidden_fields(page)))


def test_a_code_sends_one_response_and_is_then_refused_with_a_message(client, world, admin):
    code = issued(world, admin)[0]
    first = answer_with(client, world, code)
    assert "your answers have been sent" in checked_page(first).h1.get_text()
    used = db.session.scalar(select(AccessCode).where(AccessCode.code == code))
    assert used.used_on is not None
    again = checked_page(client.get(f"/c/{code}"), 410)
    assert "This code has already been used" in again.h1.get_text()
    assert db.session.scalar(select(func.count(Response.id))) == 1


def test_a_second_page_opened_before_the_code_was_used_is_refused(client, world, admin):
    code = issued(world, admin)[0]
    one = hidden_fields(checked_page(client.get(f"/c/{code}")))
    two = hidden_fields(checked_page(client.get(f"/c/{code}")))
    assert client.post(f"/c/{code}", data=complete(world, one)).status_code == 200
    # The same page sent twice (a double tap) is thanked; another page is refused.
    assert client.post(f"/c/{code}", data=complete(world, one)).status_code == 200
    refused = client.post(f"/c/{code}", data=complete(world, two))
    assert refused.status_code == 410
    assert "already been used" in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Response.id))) == 1


def test_the_response_has_no_reference_to_its_code():
    columns = {column.name for column in inspect(Response).columns}
    assert not any("code" in name for name in columns)
    foreign = {key.column.table.name for key in Response.__table__.foreign_keys}
    assert "access_codes" not in foreign


def test_a_code_typed_at_the_front_page_opens_the_survey(client, world, admin):
    code = issued(world, admin)[0]
    typed = f"{code[:5].lower()} {code[5:]}"
    response = client.get("/", query_string={"code": typed})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/c/{code}")


def test_a_codes_only_link_refuses_the_plain_link(client, staff, world, admin):
    code = issued(world, admin)[0]
    url = f"/manage/p/test/links/{world.link.id}/codes-only"
    assert staff.post(url, data={"codes_only": "1"}).status_code == 302
    refused = checked_page(client.get(f"/s/{world.link.code}"), 403)
    assert "needs a personal code" in refused.h1.get_text()
    assert answer_with(client, world, code).status_code == 200


def test_organisers_issue_codes_print_slips_and_download_a_safe_csv(staff, world):
    base = f"/manage/p/test/links/{world.link.id}/codes"
    staff.get(base)
    bad = staff.post(base, data={"count": "0"})
    assert bad.status_code == 400
    assert staff.post(base, data={"count": "4"}).status_code == 302
    page = staff.get(base)
    assert "Codes issued 4" in page.get_text(" ", strip=True)
    slips = staff.get(f"{base}/slips")
    assert len(slips.select(".slip")) == 4
    download = staff.client.get(f"/manage/p/test/links/{world.link.id}/codes.csv")
    assert download.status_code == 200 and "attachment" in download.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(download.get_data(as_text=True).lstrip("\ufeff"))))
    codes = [row for row in rows if len(row) == 4 and row[0] != "Code"]
    assert len(codes) == 4
    assert all(row[1].startswith("https://engage.example.org/c/") for row in codes)
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    staff.get("/manage/p/test/audit")  # the programme admin sees what was done


def test_the_survey_form_still_works_for_plain_links(client, world):
    page = checked_page(client.get(f"/s/{world.link.code}"))
    assert page.form["action"] == f"/s/{world.link.code}"
    assert field(world, "tu_understand") in {tag["name"] for tag in page.select("input")}
