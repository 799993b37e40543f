"""People join a programme only by accepting an invitation sent to their email address."""

import pytest

from engage.domain import AuditAction
from engage.models import AuditEvent, Role
from engage.services import users
from tests.builders import build_world
from tests.conftest import PASSWORD, StaffClient, sign_in
from tests.pages import checked_page


@pytest.fixture
def world(admin):
    return build_world(admin)


def invite(staff, email: str, role: str = "organiser"):
    response = staff.post("/manage/p/test/people", data={"email": email, "role": role})
    assert response.status_code == 302
    return checked_page(staff.client.get("/manage/p/test/people"))


def test_the_people_page_says_the_same_for_known_and_unknown_emails(staff, world, mailbox):
    users.create_user("known@example.org", "Known", PASSWORD)
    banners = []
    for email in ("known@example.org", "unknown@example.org"):
        page = invite(staff, email)
        banners.append(page.select_one(".banner").get_text().replace(email, "EMAIL"))
    assert banners[0] == banners[1]
    assert len(mailbox) == 2  # both get an invitation: nothing tells them apart
    known = users.find_by_email("known@example.org")
    assert known.role_in(world.programme) is None  # not attached without consent
    page = checked_page(staff.client.get("/manage/p/test/people"))
    assert "known@example.org: Organiser" in page.get_text()


def test_a_new_person_accepts_by_choosing_a_password(staff, world, mailbox, client):
    invite(staff, "new@example.org", "director")
    staff.post("/auth/sign-out")
    (link,) = mailbox.links()
    page = checked_page(client.get(link))
    assert "Test partnership" in page.get_text() and "director" in page.get_text()
    token = page.find("input", attrs={"name": "csrf_token"})["value"]
    weak = {"display_name": "New", "password": "aaaaaaaaaaaa", "confirm": "aaaaaaaaaaaa"}
    checked_page(client.post(link, data={**weak, "csrf_token": token}), 400)
    strong = {"display_name": "New", "password": PASSWORD, "confirm": PASSWORD}
    assert client.post(link, data={**strong, "csrf_token": token}).status_code == 302
    new = users.find_by_email("new@example.org")
    assert new.role_in(world.programme) == Role.DIRECTOR
    assert not new.must_change_password
    assert client.get("/manage/p/test/").status_code == 200  # signed in
    assert client.get(link).status_code == 404  # single use
    actions = [e.action for e in AuditEvent.query.filter_by(programme_id=world.programme.id)]
    assert AuditAction.INVITATION_SENT in actions and AuditAction.INVITATION_ACCEPTED in actions


def test_an_existing_account_must_sign_in_and_accept(app, staff, world, mailbox):
    users.create_user("known@example.org", "Known", PASSWORD)
    invite(staff, "known@example.org")
    (link,) = mailbox.links()
    browser = app.test_client()
    to_sign_in = browser.get(link)
    assert to_sign_in.status_code == 302 and "/auth/sign-in" in to_sign_in.headers["Location"]
    member = StaffClient(browser, sign_in(browser, "known@example.org"))
    page = member.get(link)
    assert "Accept the invitation" in page.get_text()
    known = users.find_by_email("known@example.org")
    assert known.role_in(world.programme) is None
    assert member.post(link).status_code == 302
    assert known.role_in(world.programme) == Role.ORGANISER


def test_someone_else_signed_in_cannot_accept(app, staff, world, mailbox):
    users.create_user("known@example.org", "Known", PASSWORD)
    users.create_user("other@example.org", "Other", PASSWORD)
    invite(staff, "known@example.org")
    (link,) = mailbox.links()
    browser = app.test_client()
    other = StaffClient(browser, sign_in(browser, "other@example.org"))
    refused = checked_page(other.post(link), 400)
    assert "sent to another email address" in refused.get_text()
    assert users.find_by_email("other@example.org").role_in(world.programme) is None


def test_an_invitation_expires_after_7_days(staff, world, mailbox, client, clock):
    invite(staff, "late@example.org")
    (link,) = mailbox.links()
    clock.advance(days=7, minutes=1)
    checked_page(client.get(link), 404)


def test_a_member_role_changes_directly_and_is_audited(staff, world, admin, mailbox):
    dora = users.create_user("dora@example.org", "Dora", PASSWORD)
    users.grant_role(dora, world.programme, Role.DIRECTOR, by=admin)
    invite(staff, "dora@example.org", "organiser")
    assert dora.role_in(world.programme) == Role.ORGANISER
    assert not mailbox
    granted = AuditEvent.query.filter_by(action=AuditAction.ROLE_GRANTED).all()
    assert [e.detail for e in granted] == ["Role: Director", "Role: Organiser"]
