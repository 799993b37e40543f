"""Every route in the app, for every kind of visitor: the role model held route by route.

``GRID`` names, for each URL rule, who may use it and an address to try. A rule added
without an entry fails ``test_every_route_is_in_the_grid``, so no page can be added without
saying who it is for. Each identity then tries every route (GET, and POST where the rule
takes it, with a valid CSRF token and no other data) on two programmes: it may use its own
programme's routes its role allows, gets 403 for the rest and for the other programme, and
anonymous visitors are sent to sign in (the JSON API answers 401 instead).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from engage.domain import AnswerValue, ExportKind, JobKind, ModelStatus, Role, SurveyKind
from engage.extensions import db
from engage.models import CodebookTheme, CommentAnalysis, Organisation
from engage.services import (
    access_codes,
    background,
    exports,
    imports,
    logos,
    responses,
    standing_links,
    surveys,
    training,
    users,
    waves,
)
from engage.services.access import ALLOWED, Action
from engage.web import assets
from tests.builders import build_world, fold, png_bytes
from tests.conftest import PASSWORD, csrf_token_from, sign_in
from tests.pages import checked_page


class Who(enum.Enum):
    """Who may use a route: anyone, any signed-in member of staff, site admins, or a role."""

    PUBLIC = "public"
    SIGNED_IN = "signed in"
    SITE_ADMIN = "site admin"
    VIEW = Action.VIEW
    ORGANISE = Action.ORGANISE
    ADMINISTER = Action.ADMINISTER
    TOKEN = "a link from an email"  # a made-up token: the same "expired" page for all
    SECOND_STEP = "after a password"  # with no password step pending: back to sign-in
    SSO = "single sign-on"  # off in these tests (no provider set): not found for everyone


P = "/manage/p/{slug}"
GRID: dict[str, tuple[Who, str]] = {
    "/": (Who.PUBLIC, "/"),
    "/s/<code>": (Who.PUBLIC, "/s/{code}"),
    "/s/<code>/privacy": (Who.PUBLIC, "/s/{code}/privacy"),
    "/s/<code>/thanks": (Who.PUBLIC, "/s/{code}/thanks"),
    "/logo/<int:organisation_id>/<digest>.png": (Who.PUBLIC, "/logo/{org}/{logo}.png"),
    "/c/<code>": (Who.PUBLIC, "/c/{personal}"),
    "/g/<code>": (Who.PUBLIC, "/g/{standing_code}"),
    "/static/<path:filename>": (Who.PUBLIC, "/static/css/engage.css"),
    # A node's own checks; /metrics answers loopback only (the test client is loopback).
    "/healthz": (Who.PUBLIC, "/healthz"),
    "/readyz": (Who.PUBLIC, "/readyz"),
    "/metrics": (Who.PUBLIC, "/metrics"),
    "/auth/sign-in": (Who.PUBLIC, "/auth/sign-in"),
    "/auth/sign-out": (Who.SIGNED_IN, "/auth/sign-out"),
    "/auth/password": (Who.SIGNED_IN, "/auth/password"),
    "/auth/reset": (Who.PUBLIC, "/auth/reset"),
    "/auth/reset/<token>": (Who.TOKEN, "/auth/reset/made-up-token"),
    "/auth/invitation/<token>": (Who.TOKEN, "/auth/invitation/made-up-token"),
    "/auth/two-factor": (Who.SECOND_STEP, "/auth/two-factor"),
    "/auth/two-factor/setup": (Who.SIGNED_IN, "/auth/two-factor/setup"),
    "/auth/two-factor/off": (Who.SIGNED_IN, "/auth/two-factor/off"),
    "/auth/sso": (Who.SSO, "/auth/sso"),
    "/auth/sso/callback": (Who.SSO, "/auth/sso/callback"),
    "/manage/": (Who.SIGNED_IN, "/manage/"),
    "/insights/js/<name>": (Who.SIGNED_IN, "/insights/js/{script}"),
    "/manage/programmes/new": (Who.SITE_ADMIN, "/manage/programmes/new"),
    "/manage/p/<slug>/": (Who.VIEW, P + "/"),
    "/insights/p/<slug>/": (Who.VIEW, "/insights/p/{slug}/"),
    "/insights/p/<slug>/comments": (Who.VIEW, "/insights/p/{slug}/comments"),
    "/api/v1/programmes/<slug>/dashboard": (Who.VIEW, "/api/v1/programmes/{slug}/dashboard"),
    "/downloads/p/<slug>/theme-summary.<fmt>": (
        Who.VIEW,
        "/downloads/p/{slug}/theme-summary.csv?wave={wave}",
    ),
    "/downloads/p/<slug>/exports": (Who.VIEW, "/downloads/p/{slug}/exports"),
    "/downloads/p/<slug>/exports/board-pack.<fmt>": (
        Who.VIEW,
        "/downloads/p/{slug}/exports/board-pack.html",
    ),
    "/downloads/p/<slug>/exports/theme-summary.<fmt>": (
        Who.VIEW,
        "/downloads/p/{slug}/exports/theme-summary.csv",
    ),
    "/downloads/p/<slug>/exports/responses.<fmt>": (
        Who.ADMINISTER,
        "/downloads/p/{slug}/exports/responses.csv",
    ),
    # a theme summary made in fill(): anyone who may view the programme may fetch it
    "/downloads/p/<slug>/exports/<int:job_id>": (Who.VIEW, "/downloads/p/{slug}/exports/{export}"),
    "/downloads/p/<slug>/exports/<int:job_id>/cancel": (
        Who.VIEW,
        "/downloads/p/{slug}/exports/{export}/cancel",
    ),
    "/downloads/p/<slug>/roundtable/<int:wave_id>/what-we-heard.<fmt>": (
        Who.VIEW,
        "/downloads/p/{slug}/roundtable/{session}/what-we-heard.csv",
    ),
    "/manage/p/<slug>/comments": (Who.ORGANISE, P + "/comments"),
    "/manage/p/<slug>/comments/<ref>": (Who.ORGANISE, P + "/comments/{ref}"),
    "/manage/p/<slug>/comments/together": (Who.ORGANISE, P + "/comments/together"),
    "/manage/p/<slug>/comments.<fmt>": (Who.ORGANISE, P + "/comments.csv"),
    "/manage/p/<slug>/codebook": (Who.ORGANISE, P + "/codebook"),
    "/manage/p/<slug>/codebook/<int:theme_id>": (Who.ORGANISE, P + "/codebook/{theme}"),
    "/manage/p/<slug>/codebook/<int:theme_id>/delete": (
        Who.ORGANISE,
        P + "/codebook/{theme}/delete",
    ),
    "/manage/p/<slug>/codebook/discover": (Who.ORGANISE, P + "/codebook/discover"),
    "/manage/p/<slug>/analysis/run": (Who.ORGANISE, P + "/analysis/run"),
    "/manage/p/<slug>/jobs/<int:job_id>/cancel": (Who.ORGANISE, P + "/jobs/{job}/cancel"),
    "/manage/p/<slug>/codes": (Who.ORGANISE, P + "/codes"),
    "/manage/p/<slug>/codes/train": (Who.ORGANISE, P + "/codes/train"),
    "/manage/p/<slug>/codes/staged/<int:staged_id>": (Who.ORGANISE, P + "/codes/staged/{staged}"),
    "/manage/p/<slug>/codes/staged/<int:staged_id>/delete": (
        Who.ORGANISE,
        P + "/codes/staged/{staged}/delete",
    ),
    "/manage/p/<slug>/codes/model/<int:model_id>": (Who.ORGANISE, P + "/codes/model/{model}"),
    "/manage/p/<slug>/codes/model/<int:model_id>/switch": (
        Who.ORGANISE,
        P + "/codes/model/{model}/switch",
    ),
    "/manage/p/<slug>/codes/model/<int:model_id>/delete": (
        Who.ORGANISE,
        P + "/codes/model/{model}/delete",
    ),
    "/manage/p/<slug>/codes/rules": (Who.ORGANISE, P + "/codes/rules"),
    "/manage/p/<slug>/codes/imported/remove": (Who.ORGANISE, P + "/codes/imported/remove"),
    "/manage/p/<slug>/surveys/new": (Who.ORGANISE, P + "/surveys/new"),
    "/manage/p/<slug>/surveys/<int:survey_id>/": (Who.ORGANISE, P + "/surveys/{survey}/"),
    "/manage/p/<slug>/surveys/<int:survey_id>/edit": (Who.ORGANISE, P + "/surveys/{survey}/edit"),
    "/manage/p/<slug>/surveys/<int:survey_id>/questions/new": (
        Who.ORGANISE,
        P + "/surveys/{survey}/questions/new",
    ),
    "/manage/p/<slug>/surveys/<int:survey_id>/questions/<code>/edit": (
        Who.ORGANISE,
        P + "/surveys/{survey}/questions/{question}/edit",
    ),
    "/manage/p/<slug>/surveys/<int:survey_id>/questions/<code>/move": (
        Who.ORGANISE,
        P + "/surveys/{survey}/questions/{question}/move",
    ),
    "/manage/p/<slug>/surveys/<int:survey_id>/questions/<code>/delete": (
        Who.ORGANISE,
        P + "/surveys/{survey}/questions/{question}/delete",
    ),
    "/manage/p/<slug>/surveys/<int:survey_id>/preview": (
        Who.ORGANISE,
        P + "/surveys/{survey}/preview",
    ),
    "/manage/p/<slug>/waves/<int:wave_id>/preview": (Who.ORGANISE, P + "/waves/{wave}/preview"),
    "/manage/p/<slug>/surveys/<int:survey_id>/waves/new": (
        Who.ORGANISE,
        P + "/surveys/{survey}/waves/new",
    ),
    "/manage/p/<slug>/waves/<int:wave_id>/": (Who.ORGANISE, P + "/waves/{wave}/"),
    "/manage/p/<slug>/waves/<int:wave_id>/status": (Who.ORGANISE, P + "/waves/{wave}/status"),
    "/manage/p/<slug>/links/<int:link_id>/poster": (Who.ORGANISE, P + "/links/{link}/poster"),
    "/manage/p/<slug>/surveys/<int:survey_id>/standing-links": (
        Who.ORGANISE,
        P + "/surveys/{survey}/standing-links",
    ),
    "/manage/p/<slug>/surveys/<int:survey_id>/standing-links/every-group": (
        Who.ORGANISE,
        P + "/surveys/{survey}/standing-links/every-group",
    ),
    "/manage/p/<slug>/standing-links/<int:standing_id>/poster": (
        Who.ORGANISE,
        P + "/standing-links/{standing}/poster",
    ),
    "/manage/p/<slug>/links/<int:link_id>/room": (Who.ORGANISE, P + "/links/{link}/room"),
    "/manage/p/<slug>/waves/<int:wave_id>/live.json": (Who.ORGANISE, P + "/waves/{wave}/live.json"),
    "/manage/p/<slug>/links/<int:link_id>/codes": (Who.ORGANISE, P + "/links/{link}/codes"),
    "/manage/p/<slug>/links/<int:link_id>/codes-only": (
        Who.ORGANISE,
        P + "/links/{link}/codes-only",
    ),
    "/manage/p/<slug>/links/<int:link_id>/codes/slips": (
        Who.ORGANISE,
        P + "/links/{link}/codes/slips",
    ),
    "/manage/p/<slug>/links/<int:link_id>/codes.csv": (Who.ORGANISE, P + "/links/{link}/codes.csv"),
    "/manage/p/<slug>/links/<int:link_id>/confirm-headcount": (
        Who.ADMINISTER,
        P + "/links/{link}/confirm-headcount",
    ),
    "/manage/audit": (Who.SITE_ADMIN, "/manage/audit"),
    "/manage/audit.csv": (Who.SITE_ADMIN, "/manage/audit.csv"),
    "/manage/p/<slug>/audit": (Who.ADMINISTER, P + "/audit"),
    "/manage/p/<slug>/audit.csv": (Who.ADMINISTER, P + "/audit.csv"),
    "/manage/p/<slug>/settings": (Who.ADMINISTER, P + "/settings"),
    "/manage/p/<slug>/people": (Who.ADMINISTER, P + "/people"),
    "/manage/p/<slug>/people/<int:user_id>/remove": (Who.ADMINISTER, P + "/people/{member}/remove"),
    "/manage/p/<slug>/settings/two-factor": (Who.ADMINISTER, P + "/settings/two-factor"),
    "/manage/p/<slug>/settings/original-comments": (
        Who.ADMINISTER,
        P + "/settings/original-comments",
    ),
    "/manage/p/<slug>/organisations/new": (Who.ADMINISTER, P + "/organisations/new"),
    "/manage/p/<slug>/organisations/<int:org_id>/edit": (
        Who.ADMINISTER,
        P + "/organisations/{org}/edit",
    ),
    "/manage/p/<slug>/organisations/<int:org_id>/groups/import": (
        Who.ADMINISTER,
        P + "/organisations/{org}/groups/import",
    ),
    "/manage/p/<slug>/organisations/<int:org_id>/groups/new": (
        Who.ADMINISTER,
        P + "/organisations/{org}/groups/new",
    ),
    "/manage/p/<slug>/organisations/<int:org_id>/groups/<int:group_id>/edit": (
        Who.ADMINISTER,
        P + "/organisations/{org}/groups/{group}/edit",
    ),
}

# Run last, in this order: each changes what the routes after it would find (a new theme
# summary replaces the file the download route fetches).
LAST = (
    "/exports/theme-summary.csv",
    "/delete",
    "/remove",
    "/settings/two-factor",
    "/auth/sign-out",
)


@dataclass(frozen=True)
class Identity:
    name: str
    role_here: Role | None = None
    role_elsewhere: Role | None = None
    site_admin: bool = False
    signed_in: bool = True


IDENTITIES = [
    Identity("anonymous", signed_in=False),
    Identity("no role"),
    *(Identity(f"{role.value} here", role_here=role) for role in Role),
    *(Identity(f"{role.value} of another programme", role_elsewhere=role) for role in Role),
    Identity("site admin", site_admin=True),
]


def may(identity: Identity, who: Who) -> bool:
    if who is Who.PUBLIC:
        return True
    if not identity.signed_in:
        return False
    if identity.site_admin or who is Who.SIGNED_IN:
        return True
    if who is Who.SITE_ADMIN:
        return False
    return identity.role_here in ALLOWED[who.value]


def test_every_route_is_in_the_grid(app: Flask):
    rules = {rule.rule for rule in app.url_map.iter_rules()}
    assert rules - GRID.keys() == set(), "new routes need a line in GRID: who may use them"
    assert GRID.keys() - rules == set(), "GRID names routes that no longer exist"


def build_two_programmes(site_admin) -> tuple[dict[str, object], dict[str, object]]:
    """Programme A ("test") and B ("other"), each with every kind of row a route can name."""
    owner = users.create_user("owner-b@example.org", "Other Owner", PASSWORD)
    here = fill(build_world(site_admin), site_admin)
    other = fill(build_world(owner, slug="other", name="Other partnership"), owner)
    return here, {**other, "slug": "test"}  # B's rows named under A's address


def fill(world, owner) -> dict[str, object]:
    """Comments to open, a roundtable session and a single-use code; the ids of them all."""
    improve = next(q for q in world.wave.version.questions if q.code == "improve")
    for index in range(12):
        responses.submit(
            world.link,
            f"{index + 1:08x}-{world.programme.id:04x}-4111-8111-111111111111",
            [AnswerValue(improve.id, text=f"Comment {index} about cuts")],
            date.today(),
        )
    fold()
    session = surveys.create_survey(
        world.programme,
        kind=SurveyKind.ROUNDTABLE,
        title="Roundtable",
        template_key="roundtable_feedback",
    )
    rt_wave = waves.add_session(session, date.today() - timedelta(days=1), "Room", "Host")
    with app_request_context():
        script = assets.cache().assets["filters"].name
    mine = CommentAnalysis.programme_id == world.programme.id
    standing, _ = standing_links.create(world.survey, world.link.organisation, world.link.group)
    organisation = db.session.get(Organisation, world.link.organisation_id)
    logos.attach(organisation, logos.checked(png_bytes()))
    return {
        "slug": world.programme.slug,
        "code": world.link.code,
        "personal": access_codes.issue(world.link, 1, owner)[0].code,
        "script": script,
        "survey": world.survey.id,
        "question": world.survey.current_version.questions[0].code,
        "wave": world.wave.id,
        "session": rt_wave.id,
        "link": world.link.id,
        "standing": standing.id,
        "standing_code": standing.code,
        "org": world.link.organisation_id,
        "logo": organisation.logo_hash,
        "group": world.link.group_id,
        "theme": db.session.scalar(
            select(CodebookTheme.id).where(CodebookTheme.programme_id == world.programme.id)
        ),
        "ref": db.session.scalar(select(CommentAnalysis.ref).where(mine)),
        "member": member(world.programme).id,
        "job": background.create(world.programme, JobKind.REANALYSE, 0, None).id,
        "export": made_export(world.programme),
        "staged": imports.stage(world.programme, STAGED).id,
        "model": waiting_model(world.programme),
    }


STAGED = b"id,text,question,sentiment,themes\n1,A comment,,positive,A foreign theme\n"


def waiting_model(programme) -> int:
    """A trained model waiting for the analyst's decision (the rules, pickled)."""
    from engage.analysis.engine import Engine

    comparison = {"comments": 0, "sentiment_changes": 0, "theme_changes": 0, "changed": 0}
    row = training.save_engine(
        programme.id, Engine(), ModelStatus.CANDIDATE, comparison | {"uses": [], "figures": []}
    )
    return row.id


def made_export(programme) -> int:
    """A finished theme-summary export whose file anyone who may view can download."""
    job, _ = exports.request(programme, ExportKind.THEME_SUMMARY, "csv")
    assert exports.available(job)  # run inline
    return job.id


def member(programme):
    """A director to remove (the People page's Remove button)."""
    person = users.create_user(f"director-{programme.slug}@example.org", "A Director", PASSWORD)
    users.grant_role(person, programme, Role.DIRECTOR)
    return person


def app_request_context():
    from flask import current_app

    return current_app.test_request_context("/")


def sign_in_as(client, identity: Identity, site_admin) -> str:
    """Make the identity's account and roles, sign in, and return the CSRF token to post with."""
    from engage.services import programmes

    if not identity.signed_in:
        return csrf_token_from(client.get("/auth/sign-in").get_data(as_text=True))
    if identity.site_admin:
        return sign_in(client, site_admin.email)
    person = users.create_user("person@example.org", "Person", PASSWORD)
    if identity.role_here:
        users.grant_role(person, programmes.by_slug("test"), identity.role_here)
    if identity.role_elsewhere:
        users.grant_role(person, programmes.by_slug("other"), identity.role_elsewhere)
    return sign_in(client, person.email)


@dataclass(frozen=True)
class Attempt:
    method: str
    url: str
    who: Who
    template: str


def requests_to_make(app: Flask, values: dict) -> list[Attempt]:
    made = []
    for rule in app.url_map.iter_rules():
        who, template = GRID[rule.rule]
        url = template.format(**values)
        made += [Attempt(m, url, who, template) for m in ("GET", "POST") if m in rule.methods]
    return sorted(made, key=lambda made: [made.url.endswith(end) for end in reversed(LAST)])


def send(client, attempt: Attempt, token: str, data: dict | None = None, query: str = ""):
    if attempt.method == "GET":
        return client.get(attempt.url + query)
    return client.post(attempt.url + query, data={**(data or {}), "csrf_token": token})


def check(response, identity: Identity, who: Who, method: str, url: str) -> None:
    status, where = response.status_code, response.headers.get("Location", "")
    said = f"{identity.name} {method} {url}: {status} {where}"
    if who in (Who.TOKEN, Who.SSO):
        assert status == 404, said
    elif who is Who.SECOND_STEP:
        assert status == 302 and where.startswith("/auth/sign-in"), said
    elif may(identity, who):
        assert status in ({200} if method == "GET" else {200, 302, 400}), said
        assert "/auth/sign-in" not in where or url == "/auth/sign-out", said
        document = "/downloads/" in url and not url.endswith("/exports")
        if method == "GET" and response.mimetype == "text/html" and not document:
            checked_page(response)  # downloads are documents, not the app's pages
    elif not identity.signed_in and url.startswith("/api/"):
        assert status == 401 and response.mimetype == "application/problem+json", said
    elif not identity.signed_in:
        assert status == 302 and where.startswith("/auth/sign-in"), said
    else:
        assert status == 403, said


@pytest.mark.parametrize("identity", IDENTITIES, ids=lambda identity: identity.name)
def test_each_identity_gets_what_its_role_allows_on_every_route(app, client, admin, identity):
    values, _ = build_two_programmes(admin)
    token = sign_in_as(client, identity, admin)
    for attempt in requests_to_make(app, values):
        response = send(client, attempt, token)
        check(response, identity, attempt.who, attempt.method, attempt.url)


IDS = (
    "{survey}",
    "{wave}",
    "{session}",
    "{link}",
    "{standing}",
    "{org}",
    "{group}",
    "{theme}",
    "{ref}",
    "{member}",
    "{export}",
    "{staged}",
    "{model}",
)


def test_another_programmes_ids_are_not_found_under_this_programme(app, client, admin):
    """An admin of A naming B's survey, wave, link, group, theme or comment in A's address:
    404, never B's row and never "forbidden" (which would confirm it exists)."""
    _, swapped = build_two_programmes(admin)
    token = sign_in(client, admin.email)
    tried = 0
    for attempt in requests_to_make(app, swapped):
        if attempt.who is Who.PUBLIC or not any(name in attempt.template for name in IDS):
            continue
        status = send(client, attempt, token).status_code
        assert status == 404, f"{attempt.method} {attempt.url}: {status}"
        tried += 1
    assert tried >= 30
