"""Surveys and their questions, with versioning that protects earlier waves.

Every question change goes through ``editable_version``: a version that already has
answers is never touched; a copy becomes the new version, and waves still waiting for
their first answer move onto it.
"""

from __future__ import annotations

import re
from dataclasses import asdict

from sqlalchemy import select

from engage.extensions import db
from engage.models import (
    Cadence,
    Programme,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyKind,
    SurveyVersion,
    Wave,
)
from engage.question_bank import TEMPLATES, QuestionSpec, templates_for
from engage.services.errors import FieldError

QUESTION_FIELDS = (
    "kind",
    "text",
    "hint",
    "required",
    "construct",
    "options",
    "allow_dont_know",
    "max_length",
    "text_cy",
    "hint_cy",
    "options_cy",
)


def create_survey(
    programme: Programme,
    *,
    kind: SurveyKind,
    title: str,
    purpose: str = "",
    cadence: Cadence | None = None,
    template_key: str | None = None,
) -> Survey:
    if template_key:
        check_template(kind, template_key)
    survey = Survey(
        programme=programme,
        kind=kind,
        title=title.strip(),
        purpose=purpose.strip(),
        cadence=cadence if kind == SurveyKind.PULSE else None,
    )
    version = SurveyVersion(survey=survey, number=1)
    if template_key:
        template = TEMPLATES[template_key]
        survey.purpose = survey.purpose or template.purpose
        for position, spec in enumerate(template.questions, start=1):
            version.questions.append(question_from_spec(spec, position))
    db.session.add(survey)
    db.session.commit()
    return survey


def check_template(kind: SurveyKind, template_key: str) -> None:
    """Refuse a template written for the other kind of survey, naming the ones that fit."""
    template = TEMPLATES[template_key]
    if template.kind == kind:
        return
    fitting = " or ".join(f"the {t.name.lower()} template" for t in templates_for(kind))
    raise FieldError(
        "template",
        f"The {template.name.lower()} template is for a {template.kind.label.lower()}, "
        f"not a {kind.label.lower()}. Choose {fitting} or a blank survey",
    )


def question_from_spec(spec: QuestionSpec, position: int) -> Question:
    values = asdict(spec)
    values["options"] = list(spec.options)
    return Question(position=position, **values)


def update_details(
    survey: Survey,
    *,
    title: str,
    purpose: str,
    cadence: Cadence | None,
    title_cy: str = "",
    purpose_cy: str = "",
) -> None:
    survey.title = title.strip()
    survey.purpose = purpose.strip()
    survey.title_cy = title_cy.strip()
    survey.purpose_cy = purpose_cy.strip()
    if survey.kind == SurveyKind.PULSE:
        survey.cadence = cadence
    db.session.commit()


def version_has_answers(version: SurveyVersion) -> bool:
    query = select(Response.id).where(Response.version_id == version.id).limit(1)
    return db.session.scalar(query) is not None


def editable_version(survey: Survey) -> SurveyVersion:
    """The version that question edits may change, copying a frozen one first."""
    current = survey.current_version
    if not version_has_answers(current):
        return current
    copy = SurveyVersion(number=current.number + 1)
    for question in current.questions:
        values = {name: getattr(question, name) for name in QUESTION_FIELDS}
        values["options"] = list(question.options)
        values["options_cy"] = list(question.options_cy) if question.options_cy else None
        copy.questions.append(Question(position=question.position, code=question.code, **values))
    survey.versions.append(copy)
    db.session.flush()
    waiting = select(Wave).where(Wave.survey_id == survey.id, Wave.version_id == current.id)
    for wave in db.session.scalars(waiting):
        if not db.session.scalar(select(Response.id).where(Response.wave_id == wave.id).limit(1)):
            wave.version_id = copy.id
    return copy


def code_for(text: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:40] or "question"
    code, counter = base, 2
    while code in taken:
        code, counter = f"{base}_{counter}", counter + 1
    return code


def check_question(values: dict) -> None:
    kind = values["kind"]
    if kind.is_choice and len(values.get("options") or []) < 2:
        raise FieldError("options", "Enter at least two options, one on each line")
    welsh = values.get("options_cy") or []
    if kind.is_choice and welsh and len(welsh) != len(values.get("options") or []):
        raise FieldError(
            "options_cy",
            "Give one Welsh option for each English option, in the same order, or none",
        )
    if len(set(values.get("options") or [])) != len(values.get("options") or []):
        raise FieldError("options", "Each option must be different")


def add_question(survey: Survey, values: dict) -> Question:
    check_question(values)
    version = editable_version(survey)
    taken = {question.code for question in version.questions}
    position = max((question.position for question in version.questions), default=0) + 1
    question = Question(
        position=position, code=code_for(values["text"], taken), **normalised(values)
    )
    version.questions.append(question)
    db.session.commit()
    return question


def normalised(values: dict) -> dict:
    result = {name: values.get(name) for name in QUESTION_FIELDS}
    kind: QuestionKind = result["kind"]
    result["options"] = list(result["options"] or []) if kind.is_choice else []
    result["allow_dont_know"] = bool(result["allow_dont_know"]) and kind == QuestionKind.AGREEMENT
    result["max_length"] = result["max_length"] if kind.is_text else None
    result["construct"] = result["construct"] if kind.is_rated else None
    result["hint"] = result["hint"] or ""
    result["required"] = bool(result["required"])
    result["text_cy"] = result["text_cy"] or ""
    result["hint_cy"] = result["hint_cy"] or ""
    result["options_cy"] = list(result["options_cy"] or []) if kind.is_choice else None
    return result


def matching_question(survey: Survey, code: str) -> Question:
    """The question with ``code`` in the version edits go to (copying it first if frozen)."""
    version = editable_version(survey)
    for question in version.questions:
        if question.code == code:
            return question
    raise LookupError(code)


def update_question(survey: Survey, code: str, values: dict) -> Question:
    check_question(values)
    question = matching_question(survey, code)
    for name, value in normalised(values).items():
        setattr(question, name, value)
    db.session.commit()
    return question


def delete_question(survey: Survey, code: str) -> None:
    question = matching_question(survey, code)
    version = question.version
    version.questions.remove(question)
    for position, remaining in enumerate(version.questions, start=1):
        remaining.position = position
    db.session.commit()


def move_question(survey: Survey, code: str, step: int) -> None:
    question = matching_question(survey, code)
    ordered = list(question.version.questions)
    index = ordered.index(question)
    target = index + step
    if 0 <= target < len(ordered):
        ordered[index], ordered[target] = ordered[target], ordered[index]
        for position, item in enumerate(ordered, start=1):
            item.position = position
    db.session.commit()
