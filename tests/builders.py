"""Small builders that go through the services, so tests set up data the way the app does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from engage.models import (
    Link,
    OrganisationKind,
    Programme,
    QuestionKind,
    Survey,
    SurveyKind,
    User,
    Wave,
    WaveStatus,
)
from engage.services import folding, links, programmes, surveys, waves


@dataclass
class World:
    programme: Programme
    survey: Survey
    wave: Wave
    link: Link


def build_world(
    owner: User,
    *,
    template: str | None = "transformation_pulse",
    kind: SurveyKind = SurveyKind.PULSE,
    today: date | None = None,
    headcount: int = 20,
    slug: str = "test",
    name: str = "Test partnership",
) -> World:
    today = today or date.today()
    programme = programmes.create_programme(name, slug, "", owner)
    council = programmes.save_organisation(programme, "Testshire Council", OrganisationKind.COUNCIL)
    group = programmes.save_group(council, "Customer Services", headcount)
    survey = surveys.create_survey(
        programme,
        kind=kind,
        title="Pulse",
        template_key=template,
        cadence=surveys.Cadence.FORTNIGHTLY,
    )
    if kind == SurveyKind.PULSE:
        wave = waves.schedule_pulse(survey, today - timedelta(days=1), 1, days_open=7)[0]
    else:
        wave = waves.add_session(survey, today, "Room 1", "Facilitator")
    link = links.create_link(wave, council, group)
    return World(programme, survey, wave, link)


def small_survey_values() -> list[dict]:
    return [
        {
            "text": "I understand the plan.",
            "kind": QuestionKind.AGREEMENT,
            "required": True,
            "allow_dont_know": True,
            "construct": "transformation_understanding",
        },
        {"text": "Pick a colour", "kind": QuestionKind.SINGLE_CHOICE, "options": ["Red", "Blue"]},
        {"text": "Any comments?", "kind": QuestionKind.LONG_TEXT, "max_length": 50},
    ]


def close(wave: Wave) -> Wave:
    """Close a wave, so its figures are read whole rather than from its last release."""
    waves.set_status(wave, WaveStatus.CLOSED, date.today())
    return wave


def answer_roundtable(
    world: World,
    index: int,
    rating: int | str = 4,
    priorities: tuple[str, ...] = ("Procurement",),
    useful: str = "",
    next_step: str = "",
) -> None:
    """One attendee's answers to the roundtable feedback template."""
    from engage.domain import DONT_KNOW, AnswerValue
    from engage.services.responses import submit

    questions = {q.code: q for q in world.wave.version.questions}
    rated = (
        AnswerValue(questions["rt_good_use"].id, choice=DONT_KNOW)
        if rating == DONT_KNOW
        else AnswerValue(questions["rt_good_use"].id, number=int(rating))
    )
    answers = [rated, *(AnswerValue(questions["rt_priority"].id, choice=p) for p in priorities)]
    for code, text in (("rt_useful", useful), ("rt_next", next_step)):
        if text:
            answers.append(AnswerValue(questions[code].id, text=text))
    submit(world.link, f"{index:08x}-4444-4444-8444-444444444444", answers, world.wave.opens_on)
    fold()


def fold() -> int:
    """Add every stored response to the figures, as the folder does right after
    submissions in production; tests that read figures call it after answering."""
    return folding.fold_all()


def import_codes(programme: Programme, raw: bytes, choices: dict[str, str] | None = None):
    """Upload a coded file and confirm it the way an analyst does on the mapping page:
    every theme name the codebook lacks is added, unless ``choices`` says otherwise."""
    from engage.services import imports

    return imports.confirm_adding_unknown(programme, raw, choices)


def switch_to_candidate(programme: Programme):
    """Switch to the model training left waiting, as the analyst's button does."""
    from engage.services import model_choice

    waiting = model_choice.state(programme).candidate
    assert waiting is not None, "training left no model to switch to"
    return model_choice.switch(programme, waiting.id, None)


def closed_wave_of_bins(admin: User) -> World:
    """A closed wave of twelve comments about bins, which the codebook rules do not tag
    but a model trained on ``coded_comments`` does."""
    from engage.domain import AnswerValue
    from engage.services import responses

    world = build_world(admin, headcount=40)
    question = next(q for q in world.wave.version.questions if q.code == "improve")
    for index in range(12):
        responses.submit(
            world.link,
            f"{index + 1:08x}-0000-4000-8000-000000000000",
            [AnswerValue(question.id, text=f"The recycling crew were brilliant, week {index}")],
            date.today(),
        )
    fold()
    close(world.wave)
    return world


def png_bytes(size: tuple[int, int] = (60, 30), colour: str = "#1d70b8", **save) -> bytes:
    """A small image as an organiser might upload it (``save``: Pillow's save options,
    such as ``format`` or ``exif``)."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, **{"format": "PNG", **save})
    return out.getvalue()
