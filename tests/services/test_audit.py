"""The audit log records who acted, on what; it pages newest first and names no respondent."""

from datetime import date, timedelta

from sqlalchemy import select

from engage.domain import AuditAction, WaveStatus
from engage.extensions import db
from engage.models import AuditEvent
from engage.services import access_codes, audit, waves
from tests.builders import build_world


def actions(programme):
    return [row.action for row in audit.rows(programme)]


def test_links_waves_and_codes_are_recorded_with_who_acted(admin):
    world = build_world(admin)
    today = date.today()
    waves.set_status(world.wave, WaveStatus.CLOSED, today, admin)
    waves.set_status(world.wave, WaveStatus.OPEN, today, admin)
    waves.set_status(world.wave, WaveStatus.OPEN, today, admin)  # no change: nothing new
    access_codes.issue(world.link, 2, admin)
    recorded = actions(world.programme)
    assert recorded[:3] == [
        AuditAction.CODES_ISSUED,
        AuditAction.WAVE_REOPENED,
        AuditAction.WAVE_CLOSED,
    ]
    assert AuditAction.LINK_CREATED in recorded  # the builder's link, made by no one
    rows = audit.rows(world.programme)
    assert rows[0].who == "Ada Admin (admin@example.org)"
    assert rows[1].subject == "Wave 1 of Pulse"
    assert rows[-1].who == audit.SYSTEM


def test_opening_a_scheduled_wave_early_is_an_opening_not_a_reopening(admin):
    world = build_world(admin, today=date.today() + timedelta(days=10))
    waves.set_status(world.wave, WaveStatus.OPEN, date.today(), admin)
    assert actions(world.programme)[0] == AuditAction.WAVE_OPENED


def test_events_come_in_pages_newest_first(admin):
    world = build_world(admin)
    for number in range(7):
        audit.record(world.programme, admin, AuditAction.EXPORT_DOWNLOADED, f"Export {number}")
    db.session.commit()
    first = audit.events_for(world.programme, 1, size=3)
    assert (first.page, first.pages, first.total) == (1, 3, 8)
    assert [row.subject for row in first.events] == ["Export 6", "Export 5", "Export 4"]
    last = audit.events_for(world.programme, 99, size=3)
    assert last.page == 3 and len(last.events) == 2


def test_an_event_has_no_column_for_a_respondent():
    columns = set(AuditEvent.__table__.columns.keys())
    assert columns == {
        "id",
        "programme_id",
        "user_id",
        "action",
        "subject",
        "detail",
        "created_at",
    }
    assert not any(
        key.column.table.name in {"responses", "answers", "access_codes"}
        for key in AuditEvent.__table__.foreign_keys
    )


def test_record_leaves_the_commit_to_the_caller(admin):
    world = build_world(admin)
    audit.record(world.programme, admin, AuditAction.EXPORT_DOWNLOADED, "Not kept")
    db.session.rollback()
    subjects = db.session.scalars(select(AuditEvent.subject)).all()
    assert "Not kept" not in subjects


def test_no_service_or_route_can_change_or_delete_an_event(root):
    """Only the audit service touches events, and it only adds them: no update, delete,
    merge or raw SQL, and no attribute of an event is ever assigned after it is made. (The
    one way rows go is the database's cascade when a programme is deleted; the only code
    that deletes a programme is the demo loader, undoing a demo it failed to load.)"""
    import ast

    allowed = {"engage/models/audit.py", "engage/models/__init__.py", "engage/services/audit.py"}
    for path in sorted((root / "engage").rglob("*.py")):
        name = path.relative_to(root).as_posix()
        source = path.read_text(encoding="utf-8")
        if "AuditEvent" in source or "audit_events" in source:
            assert name in allowed, f"{name} refers to audit events"
    tree = ast.parse((root / "engage/services/audit.py").read_text(encoding="utf-8"))
    changes = {"delete", "update", "merge", "text", "bulk_update_mappings"}  # and no raw SQL
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            called = getattr(node.func, "attr", getattr(node.func, "id", ""))
            assert called not in changes, f"audit.py calls {called}() at line {node.lineno}"
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            assert not any(isinstance(t, ast.Attribute) for t in targets), node.lineno
    deleting_programmes = [
        path.relative_to(root).as_posix()
        for path in (root / "engage").rglob("*.py")
        if "session.delete(programme)" in path.read_text(encoding="utf-8")
    ]
    assert deleting_programmes == ["engage/services/demo.py"]
