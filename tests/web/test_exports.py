"""The exports page: a button queues the job, the page shows its progress and a Cancel
button, then Download; only people allowed that export fetch it, and each fetch is
recorded in the audit log at the moment of download."""

from sqlalchemy import select

from engage.domain import AuditAction, ExportKind, Role
from engage.extensions import db
from engage.models import AuditEvent
from engage.services import exports, users
from tests.conftest import PASSWORD, StaffClient, sign_in
from tests.services.test_exports import filled


def downloads_recorded() -> list[str]:
    return db.session.scalars(
        select(AuditEvent.subject).where(AuditEvent.action == AuditAction.EXPORT_DOWNLOADED)
    ).all()


def test_the_button_queues_then_the_page_shows_progress_and_cancel(app, staff, admin):
    app.config["ENGAGE_JOBS_INLINE"] = False  # queued for the runner, as on the quickstart
    world = filled(admin)
    queued = staff.post("/downloads/p/test/exports/responses.csv")
    assert queued.location.endswith("/downloads/p/test/exports#progress")
    staff.post("/downloads/p/test/exports/board-pack.docx")  # one export at a time
    page = staff.get("/downloads/p/test/exports")
    text = page.get_text()
    (job,) = [j for j in exports.latest(world.programme).values() if j is not None]
    assert f"Raw anonymised responses (job {job.id}): queued, 0 of 3 steps (0%)" in text
    assert (
        f"An export is already queued for this programme (Raw anonymised responses, job {job.id})"
        in text
    )
    assert page.find("progress") is not None
    cancel = page.find("button", string="Cancel export")
    assert cancel.find_parent("form")["action"] == f"/downloads/p/test/exports/{job.id}/cancel"
    assert staff.post(f"/downloads/p/test/exports/{job.id}/cancel").status_code == 302
    text = staff.get("/downloads/p/test/exports").get_text(" ", strip=True)
    assert f"The last one (job {job.id}) ended: cancelled" in text
    assert staff.client.get(f"/downloads/p/test/exports/{job.id}").status_code == 302
    assert downloads_recorded() == []


def test_the_download_is_recorded_when_fetched_and_kept_to_those_allowed(client, staff, admin):
    world = filled(admin)
    response = staff.export("/downloads/p/test/exports/theme-summary.docx", {"published": "1"})
    assert response.status_code == 200 and response.data.startswith(b"PK")
    assert "all-waves-theme-summary-published" in response.headers["Content-Disposition"]
    assert downloads_recorded() == ["Theme summary, prepared for publication: whole programme"]
    staff.export("/downloads/p/test/exports/responses.csv")
    raw = exports.latest(world.programme)[ExportKind.RESPONSES].id
    summary = exports.latest(world.programme)[ExportKind.THEME_SUMMARY].id
    staff.post("/auth/sign-out")
    director = users.create_user("director@example.org", "D", PASSWORD)
    users.grant_role(director, world.programme, Role.DIRECTOR)
    viewer = StaffClient(client, sign_in(client, "director@example.org"))
    assert viewer.client.get(f"/downloads/p/test/exports/{raw}").status_code == 403
    assert viewer.post(f"/downloads/p/test/exports/{raw}/cancel").status_code == 403
    assert viewer.client.get(f"/downloads/p/test/exports/{summary}").status_code == 200
    assert viewer.client.get("/downloads/p/test/exports/999999").status_code == 404
    assert len(downloads_recorded()) == 3  # the admin's two, the director's one
