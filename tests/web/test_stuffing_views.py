"""Flagged links on the wave and programme pages, and the admin's "Confirm headcount"."""

from sqlalchemy import select

from engage.domain import AuditAction, Role
from engage.extensions import db
from engage.models import AuditEvent
from engage.services import programmes, stuffing, users
from engage.services.links import create_link
from tests.builders import build_world
from tests.conftest import PASSWORD, StaffClient, sign_in
from tests.services.test_stuffing import send


def stuffed(admin):
    world = build_world(admin)
    team = programmes.save_group(world.link.organisation, "Hidden team", 2)
    link = create_link(world.wave, world.link.organisation, team)
    for index in range(3):
        send(world, link, 200 + index, 4)
    return world, team, link


def test_admins_see_flagged_links_and_confirm_the_headcount(staff, admin):
    world, team, link = stuffed(admin)
    wave_page = staff.get(f"/manage/p/test/waves/{world.wave.id}/")
    assert "Links with more responses than people" in wave_page.get_text()
    assert "3 responses; the headcount is 2." in wave_page.get_text()
    programme_page = staff.get("/manage/p/test/")
    assert programme_page.find(id="flagged") is not None
    dashboard = staff.get("/insights/p/test/").get_text()
    assert "1 group had more responses than its headcount" in dashboard
    url = f"/manage/p/test/links/{link.id}/confirm-headcount"
    bad = staff.post(url, data={"headcount": "0", "back": "wave"})
    assert bad.status_code == 302 and stuffing.withheld_groups(world.programme)
    done = staff.post(url, data={"headcount": "3", "back": "wave"})
    assert done.status_code == 302 and done.headers["Location"].endswith("#flagged")
    assert team.headcount == 3
    assert stuffing.withheld_groups(world.programme) == set()
    assert staff.get("/manage/p/test/").find(id="flagged") is None
    assert "more responses than" not in staff.get("/insights/p/test/").get_text()
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == AuditAction.HEADCOUNT_CONFIRMED)
    )
    assert "changed from 2 to 3" in event.detail


def test_organisers_see_the_flag_but_cannot_confirm(client, admin):
    world, _team, link = stuffed(admin)
    organiser = users.create_user("org@example.org", "Olu", PASSWORD)
    users.grant_role(organiser, world.programme, Role.ORGANISER)
    other = StaffClient(client, sign_in(client, organiser.email))
    page = other.get(f"/manage/p/test/waves/{world.wave.id}/")
    assert "A programme admin can confirm the headcount." in page.get_text()
    refused = other.post(f"/manage/p/test/links/{link.id}/confirm-headcount")
    assert refused.status_code == 403
    assert stuffing.withheld_groups(world.programme)
