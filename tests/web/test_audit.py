"""The audit log page: programme admins only, newest first, as CSV too, and read-only."""

import csv
import io

import pytest

from engage.domain import AuditAction, Role
from engage.extensions import db
from engage.services import audit, users
from tests.builders import build_world
from tests.conftest import PASSWORD, StaffClient, csrf_token_from, sign_in


@pytest.fixture
def world(admin):
    return build_world(admin)


def test_actions_in_the_app_are_recorded_and_shown_to_a_programme_admin(staff, world):
    wave = f"/manage/p/test/waves/{world.wave.id}"
    staff.post(f"{wave}/status", data={"status": "closed", "back": "wave"})
    staff.post(f"{wave}/status", data={"status": "open", "back": "wave"})
    target = f"o{world.link.organisation_id}"
    assert staff.post(f"{wave}/", data={"target": target}).status_code == 302
    staff.post(f"/manage/p/test/links/{world.link.id}/codes", data={"count": "2"})
    assert staff.export("/downloads/p/test/exports/theme-summary.csv").status_code == 200
    assert staff.export("/downloads/p/test/exports/responses.csv").status_code == 200
    assert staff.client.get("/api/v1/programmes/test/dashboard").status_code == 200
    page = staff.get("/manage/p/test/audit")
    text = page.get_text(" ", strip=True)
    for label in ("Wave closed", "Wave reopened", "Link created", "Single-use codes issued"):
        assert label in text
    assert "Theme summary: whole programme" in text
    assert "Anonymised responses: all waves" in text
    assert "Dashboard figures (API)" in text
    assert "Ada Admin" in text
    first_row = page.select("tbody tr")[0].get_text(" ", strip=True)
    assert "Dashboard figures (API)" in first_row  # newest first
    programme_page = staff.get("/manage/p/test/")
    assert programme_page.find("a", href="/manage/p/test/audit")


def test_the_log_downloads_as_formula_safe_csv(staff, world, admin):
    audit.record(world.programme, admin, AuditAction.EXPORT_DOWNLOADED, "=HYPERLINK(1)", "@x")
    db.session.commit()
    response = staff.client.get("/manage/p/test/audit.csv")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    cells = [cell for row in rows for cell in row]
    assert "'=HYPERLINK(1)" in cells and "'@x" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


@pytest.mark.parametrize("role", [Role.ORGANISER, Role.DIRECTOR])
def test_organisers_and_directors_cannot_read_the_log(client, world, role):
    person = users.create_user(f"{role.value}@example.org", "Someone", PASSWORD)
    users.grant_role(person, world.programme, role)
    other = StaffClient(client, sign_in(client, person.email))
    other.get("/manage/p/test/audit", status=403)
    assert client.get("/manage/p/test/audit.csv").status_code == 403
    assert other.get("/manage/p/test/").find("a", href="/manage/p/test/audit") is None


def test_the_log_cannot_be_changed_from_the_app(app):
    audit_rules = [rule for rule in app.url_map.iter_rules() if "audit" in rule.rule]
    assert {rule.rule for rule in audit_rules} == {
        "/manage/p/<slug>/audit",
        "/manage/p/<slug>/audit.csv",
        "/manage/audit",
        "/manage/audit.csv",
    }
    assert all(rule.methods <= {"GET", "HEAD", "OPTIONS"} for rule in audit_rules)


def comment_events(programme):
    return [row for row in audit.rows(programme) if row.action == AuditAction.COMMENTS_VIEWED]


def test_each_page_of_comments_staff_open_is_recorded_once_without_the_text(staff, world):
    from tests.web.test_analysis_views import seed_comments

    seed_comments(world)
    listed = staff.get(f"/manage/p/test/comments?theme=Cost+cutting&wave={world.wave.id}")
    assert len(comment_events(world.programme)) == 1  # one page view, one event
    staff.get("/manage/p/test/comments?page=1")
    ref = listed.select_one("a[data-open]")["href"].split("?")[0].rsplit("/", 1)[1]
    staff.get(f"/manage/p/test/comments/{ref}")
    staff.get("/insights/p/test/comments?theme=Cost+cutting")
    events = comment_events(world.programme)
    assert [(row.subject, row.who) for row in events] == [
        ("Comments behind a dashboard figure", "Ada Admin (admin@example.org)"),
        ("Comment opened", "Ada Admin (admin@example.org)"),
        ("Comment list", "Ada Admin (admin@example.org)"),
        ("Comment list", "Ada Admin (admin@example.org)"),
    ]
    assert events[0].detail == "Theme: Cost cutting; page 1"
    assert events[1].detail == f"Reference {ref}"
    assert events[3].detail == "Theme: Cost cutting; Wave: Pulse: Wave 1; page 1"
    logged = " ".join(f"{row.subject} {row.detail}" for row in audit.rows(world.programme))
    assert "Comment 0" not in logged and "about cuts" not in logged  # never the text
    assert "Comments read" in staff.get("/manage/p/test/audit").get_text()


def test_threshold_and_retention_changes_say_who_changed_what(staff, world):
    form = {
        "name": "Test partnership",
        "min_group_size": "6",
        "min_comment_group_size": "12",
        "roundtable_comment_minimum": "5",
        "retention_months": "12",
    }
    assert staff.post("/manage/p/test/settings", data=form).status_code == 302
    assert staff.post("/manage/p/test/settings", data=form).status_code == 302  # no change
    rows = [
        (row.action, row.detail)
        for row in audit.rows(world.programme)
        if row.action in {AuditAction.THRESHOLDS_CHANGED, AuditAction.RETENTION_CHANGED}
    ]
    assert sorted(rows) == [
        (AuditAction.RETENTION_CHANGED, "24 months to 12 months"),
        (
            AuditAction.THRESHOLDS_CHANGED,
            "Minimum group size for scores: 5 to 6; Minimum group size for comments: 10 to 12",
        ),
    ]
    exported = staff.client.get("/manage/p/test/audit.csv").get_data(as_text=True)
    assert "Minimum group sizes changed" in exported and "Retention period changed" in exported


def test_site_events_are_read_and_exported_by_site_admins_only(app, client, admin, world):
    """Sign-ins and failures belong to no programme: the site admins' own log, formula-safe."""
    director = users.create_user("dora@example.org", "Dora", PASSWORD)
    users.grant_role(director, world.programme, Role.ADMIN)
    token = csrf_token_from(client.get("/auth/sign-in").get_data(as_text=True))
    client.post(
        "/auth/sign-in",
        data={"email": "=HYPERLINK(1)@x.org", "password": "wrong", "csrf_token": token},
    )
    site = StaffClient(client, sign_in(client, admin.email))
    page = site.get("/manage/audit")
    text = page.get_text(" ", strip=True)
    assert "Sign-in failed" in text and "Signed in" in text
    assert "Wave" not in text  # no programme's events here
    exported = client.get("/manage/audit.csv")
    assert exported.status_code == 200 and exported.mimetype == "text/csv"
    cells = [
        cell for row in csv.reader(io.StringIO(exported.get_data(as_text=True))) for cell in row
    ]
    assert "=HYPERLINK(1)@x.org" not in cells
    assert any(cell.endswith("=HYPERLINK(1)@x.org") for cell in cells)  # neutralised, kept
    assert any(e.subject.startswith("Audit log") for e in audit.rows(None))  # export logged
    # A programme admin who is not a site admin is refused both.
    other = app.test_client()
    sign_in(other, director.email)
    assert other.get("/manage/audit").status_code == 403
    assert other.get("/manage/audit.csv").status_code == 403
