"""Crafted input on every route never gives a server error: odd digits, 30-digit ids and
pages, and every form field and query parameter set to them at once."""

from urllib.parse import quote

from sqlalchemy import select

from engage.extensions import db
from engage.models import AuditEvent
from tests.conftest import sign_in
from tests.web.test_route_grid import IDS, LAST, build_two_programmes, requests_to_make, send

HUGE = "9" * 30
CRAFTED = ["²", "١٢", HUGE, "-1", "0", "1e3", "\u202e1", "x" * 5000]
QUERY_NAMES = [
    "survey",
    "wave",
    "from",
    "to",
    "organisation",
    "group",
    "page",
    "question",
    "theme",
    "sentiment",
    "framing",
    "published",
    "next",
    "code",
]
FIELD_NAMES = [
    "target",
    "count",
    "status",
    "back",
    "action",
    "direction",
    "merge_into",
    "codes_only",
    "role",
    "email",
    "name",
    "slug",
    "headcount",
    "min_group_size",
    "min_comment_group_size",
    "roundtable_comment_minimum",
    "retention_months",
    "kind",
    "template",
    "cadence",
    "days_open",
    "first_opens_on",
    "session_date",
    "max_length",
    "options",
    "themes",
    "sentiment",
    "framing",
    "phrases",
    "text",
    "title",
    "submission_token",
]


def test_every_route_survives_crafted_parameters_and_fields(app, client, admin):
    values, _ = build_two_programmes(admin)
    token = sign_in(client, admin.email)
    attempts = [a for a in requests_to_make(app, values) if not a.url.endswith(LAST)]
    before = logged()
    for value in CRAFTED:
        query = "?" + "&".join(f"{name}={quote(value)}" for name in QUERY_NAMES)
        data = dict.fromkeys(FIELD_NAMES, value)
        for attempt in attempts:
            status = send(client, attempt, token, data, query).status_code
            assert status < 500, f"{attempt.method} {attempt.url} with {value[:12]!r}: {status}"
    after = logged()
    # Every route, every field: the audit log only grew; no earlier event changed or went.
    assert {key: after[key] for key in before} == before and len(after) > len(before)


def logged() -> dict[int, tuple]:
    rows = db.session.execute(select(AuditEvent)).scalars()
    return {e.id: (e.action, e.user_id, e.subject, e.detail, e.created_at) for e in rows}


def test_thirty_digit_ids_in_any_address_are_not_found(app, client, admin):
    values, _ = build_two_programmes(admin)
    token = sign_in(client, admin.email)
    huge = {**values, **{name.strip("{}"): HUGE for name in IDS}}
    tried = 0
    for attempt in requests_to_make(app, huge):
        if any(name in attempt.template for name in IDS) and not attempt.url.endswith(LAST):
            status = send(client, attempt, token).status_code
            assert status == 404, f"{attempt.method} {attempt.url}: {status}"
            tried += 1
    assert tried >= 30


def test_numbers_in_forms_are_ascii_digits_within_what_the_database_holds(app):
    from engage.web.manage.forms import ConfirmHeadcountForm

    for typed, expected in [("12", 12), (" 40 ", 40), ("١٢", None), (HUGE, None), ("1e3", None)]:
        with app.test_request_context(method="POST", data={"headcount": typed}):
            form = ConfirmHeadcountForm(meta={"csrf": False})
            assert form.validate() is (expected is not None), typed
            assert form.headcount.data == expected
            if expected is None:
                assert "Enter a whole number, like 12" in form.headcount.errors
