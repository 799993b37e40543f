"""Load the demo programme. Running it twice changes nothing the second time."""

from __future__ import annotations

import random
import uuid
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from sqlalchemy import select

from engage.demo.simulate import answers_for
from engage.extensions import db
from engage.models import (
    Answer,
    Group,
    Link,
    Organisation,
    OrganisationKind,
    Programme,
    Response,
    Role,
    Survey,
    SurveyKind,
    Wave,
)
from engage.services import analysis, links, redaction, reporting, surveys, users, waves
from engage.services.responses import digest

DEMO_SLUG = "demo"
DEMO_EMAIL = "demo@example.org"
DEMO_PASSWORD = "engage-demo-password"  # noqa: S105  (printed on purpose: it is the demo)
PAST_PULSE_WAVES = 6
ORGANISATIONS = [
    (
        "Northbrook Borough Council",
        OrganisationKind.COUNCIL,
        [
            ("Customer Services", 60),
            ("Revenues and Benefits", 45),
            ("Highways and Waste", 40),
            ("Adult Social Care", 70),
        ],
    ),
    (
        "Meridian Services Ltd",
        OrganisationKind.PRIVATE_PARTNER,
        [("ICT Services", 35), ("Contact Centre", 50), ("Finance and Payroll", 25)],
    ),
]


@dataclass(frozen=True)
class DemoResult:
    created: bool
    responses: int
    open_link_code: str

    def summary(self) -> str:
        if not self.created:
            return "The demo programme is already loaded; nothing was changed."
        return f"Loaded the demo programme '{DEMO_SLUG}' with {self.responses:,} responses."


def load(today: date | None = None, scale: float = 1.0) -> DemoResult:
    today = today or date.today()
    existing = db.session.scalar(select(Programme).where(Programme.slug == DEMO_SLUG))
    if existing is not None:
        return DemoResult(False, 0, open_link_code(existing, today))
    user = users.find_by_email(DEMO_EMAIL) or users.create_user(
        DEMO_EMAIL, "Demo admin", DEMO_PASSWORD, site_admin=True
    )
    programme = Programme(
        slug=DEMO_SLUG,
        name="Northbrook and Meridian transformation partnership",
        description="Demo programme: Northbrook Borough Council and its outsourcing partner, "
        "Meridian Services, tracking how transformation is understood and how far "
        "the partners trust each other.",
    )
    db.session.add(programme)
    db.session.flush()
    analysis.seed_codebook(programme)
    for name, kind, sizes in ORGANISATIONS:
        groups = [Group(name=group, headcount=size) for group, size in sizes]
        programme.organisations.append(Organisation(name=name, kind=kind, groups=groups))
    db.session.commit()
    try:
        users.grant_role(user, programme, Role.ADMIN)
        rng = random.Random(20261122)  # noqa: S311  (demo data, not security)
        count = seed_pulse(programme, rng, today, scale)
        count += seed_trust(programme, rng, today, scale)
        count += seed_roundtable(programme, rng, today, scale)
        analysis.first_analysis(programme)
        reporting.rebuild_programme(programme.id)
    except Exception:
        # The steps commit as they go; a half-loaded demo would block the next attempt.
        db.session.rollback()
        db.session.delete(programme)
        db.session.commit()
        raise
    return DemoResult(True, count, open_link_code(programme, today))


def seed_pulse(programme: Programme, rng: random.Random, today: date, scale: float) -> int:
    survey = surveys.create_survey(
        programme,
        kind=SurveyKind.PULSE,
        title="Transformation pulse",
        template_key="transformation_pulse",
        cadence=surveys.Cadence.FORTNIGHTLY,
    )
    first = today - timedelta(weeks=2 * PAST_PULSE_WAVES) - timedelta(days=2)
    scheduled = waves.schedule_pulse(survey, first, PAST_PULSE_WAVES + 3, days_open=5)
    total = 0
    for index, wave in enumerate(scheduled[:PAST_PULSE_WAVES]):
        total += answer_wave(wave, group_links(wave), rng, index / (PAST_PULSE_WAVES - 1), scale)
    group_links(scheduled[PAST_PULSE_WAVES])  # open now, by its dates
    return total


def seed_trust(programme: Programme, rng: random.Random, today: date, scale: float) -> int:
    survey = surveys.create_survey(
        programme,
        kind=SurveyKind.PULSE,
        title="Partnership trust",
        template_key="partnership_trust",
        cadence=surveys.Cadence.QUARTERLY,
    )
    first = today - timedelta(days=3 * 91 + 20)
    scheduled = waves.schedule_pulse(survey, first, 3, days_open=10)
    total = 0
    for index, wave in enumerate(scheduled):
        if wave.closes_on < today:
            total += answer_wave(wave, group_links(wave), rng, index / 2, scale)
    return total


def seed_roundtable(programme: Programme, rng: random.Random, today: date, scale: float) -> int:
    survey = surveys.create_survey(
        programme,
        kind=SurveyKind.ROUNDTABLE,
        title="Roundtable: what does transformation mean for us?",
        template_key="roundtable_feedback",
    )
    wave = waves.add_session(
        survey,
        today - timedelta(days=21),
        "Northbrook Civic Centre, Committee Room 2",
        "Programme director",
        days_open=7,
    )
    organisation = programme.organisations[0]
    link = links.create_link(wave, organisation, None)
    return answer_wave(wave, [(link, 30)], rng, 1.0, scale)


def group_links(wave: Wave) -> list[tuple[Link, int]]:
    made = []
    for organisation in wave.survey.programme.organisations:
        for group in organisation.groups:
            made.append((links.create_link(wave, organisation, group), group.headcount or 10))
    return made


def answer_wave(
    wave: Wave, targets: list[tuple[Link, int]], rng: random.Random, progress: float, scale: float
) -> int:
    """Bulk-insert plausible responses for a closed wave (the demo bypasses the web form)."""
    questions = list(wave.version.questions)
    count = 0
    for link, headcount in targets:
        rate = rng.uniform(0.35, 0.6) + 0.1 * progress
        for _ in range(max(1, round(headcount * rate * scale))):
            values = answers_for(rng, questions, link.organisation.kind.value, progress)
            days = (wave.closes_on - wave.opens_on).days
            db.session.add(
                Response(
                    wave_id=wave.id,
                    link_id=link.id,
                    organisation_id=link.organisation_id,
                    group_id=link.group_id,
                    version_id=wave.version_id,
                    submitted_on=wave.opens_on + timedelta(days=rng.randint(0, days)),
                    submission_token=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    payload_digest=digest(link.id, values),
                    answers=[
                        Answer(**asdict(value), **redaction.copy_of(value.text)) for value in values
                    ],
                )
            )
            count += 1
    db.session.commit()
    return count


def open_link_code(programme: Programme, today: date) -> str:
    for survey in db.session.scalars(select(Survey).where(Survey.programme_id == programme.id)):
        for wave in survey.waves:
            if wave.is_accepting(today) and wave.links:
                return wave.links[0].code
    return ""
