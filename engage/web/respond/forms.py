"""The respondent form, built from a survey version's questions.

Messages name the question by number so that the error summary makes sense on its own,
and each says how to put the problem right.
"""

from __future__ import annotations

import functools

from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional, StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from engage import text_input
from engage.domain import DONT_KNOW, AnswerValue, QuestionKind
from engage.services.respondent import Choices, QuestionView
from engage.web.language import gettext as _


def agreement_choices() -> list[tuple[str, str]]:
    """In the page's language: called while a form class is built for that language."""
    return [
        ("5", _("Strongly agree")),
        ("4", _("Agree")),
        ("3", _("Neither agree nor disagree")),
        ("2", _("Disagree")),
        ("1", _("Strongly disagree")),
    ]


SCALE_CHOICES = [(str(value), str(value)) for value in range(11)]


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ResponseForm(FlaskForm):
    submission_token = HiddenField()


def field_name(question: QuestionView) -> str:
    return f"q{question.id}"


class SingleValue:
    """Repeated keys (``q1=a&q1=b``) are tampering or a broken client, never a real answer."""

    def __init__(self, number: int, message: str = ""):
        self.message = message or _("Question %(number)s: choose only one option", number=number)

    def __call__(self, form, field: Field) -> None:
        if field.raw_data and len(field.raw_data) > 1:
            raise StopValidation(self.message)


class OfferedChoice:
    def __init__(self, number: int, message: str = ""):
        self.message = message or _(
            "Question %(number)s: choose one of the options shown", number=number
        )

    def __call__(self, form, field: Field) -> None:
        allowed = {value for value, _label in field.choices}
        values = field.data if isinstance(field.data, list) else [field.data]
        if any(value not in allowed for value in values):
            raise StopValidation(self.message)


def in_page_language(problem: str) -> str:
    """``text_input``'s reasons in the page's language (written out here so that the
    message catalogue finds them)."""
    if problem == text_input.UNREADABLE:
        return _("contains characters that could not be read. Retype the part you pasted in")
    if problem == text_input.HIDDEN_CONTROLS:
        return _(
            "contains hidden control characters, which can come from copying and pasting. "
            "Retype the part you pasted in"
        )
    return problem


class StorableText:
    """Messages are worked out when they are raised, so they follow the page's language."""

    def __init__(self, number: int, limit: int):
        self.number = number
        self.limit = limit

    def __call__(self, form, field: Field) -> None:
        value = field.data or ""
        problem = text_input.problem_in(value)
        if problem:
            prefix = _("Question %(number)s:", number=self.number)
            raise StopValidation(f"{prefix} {in_page_language(problem)}")
        length = len(text_input.normalise(value).strip())
        if length > self.limit:
            raise ValidationError(
                _(
                    "Question %(number)s: your answer is %(length)s characters long. "
                    "Make it %(limit)s characters or fewer",
                    number=self.number,
                    length=f"{length:,}",
                    limit=f"{self.limit:,}",
                )
            )


def presence(question: QuestionView, number: int):
    if not question.required:
        return Optional()
    if question.kind == QuestionKind.MULTIPLE_CHOICE:
        message = _("Question %(number)s: select at least one option", number=number)
    elif question.kind.is_text:
        message = _("Question %(number)s: enter your answer", number=number)
    else:
        message = _("Question %(number)s: select an answer", number=number)
    return InputRequired(message=message)


def field_for(question: QuestionView, number: int, language: str) -> Field:
    kind = question.kind
    if kind == QuestionKind.MULTIPLE_CHOICE:
        return CheckboxesField(
            question.text_in(language),
            choices=choices_for(question, language),
            validate_choice=False,
            validators=[presence(question, number), OfferedChoice(number)],
        )
    validators = [SingleValue(number), presence(question, number)]
    if kind.is_text:
        widget_class = TextAreaField if kind == QuestionKind.LONG_TEXT else StringField
        return widget_class(
            question.text_in(language),
            validators=[*validators, StorableText(number, question.text_limit)],
        )
    return RadioField(
        question.text_in(language),
        choices=choices_for(question, language),
        validate_choice=False,
        validators=[*validators, OfferedChoice(number)],
    )


def choices_for(question: QuestionView, language: str) -> list[tuple[str, str]]:
    if question.kind == QuestionKind.AGREEMENT:
        extra = [(DONT_KNOW, _("Don't know"))] if question.allow_dont_know else []
        return agreement_choices() + extra
    if question.kind == QuestionKind.SCALE_0_10:
        return SCALE_CHOICES
    return question.choices_in(language)


ORGANISATION_FIELD = "organisation"


def organisation_field(organisations: Choices) -> Field:
    """A roundtable link that asks which organisation: a required single choice, checked
    against the organisations offered (the value is stored as the response's organisation)."""
    return RadioField(
        _("Which organisation are you from?"),
        choices=list(organisations),
        validate_choice=False,
        validators=[
            SingleValue(0, _("Which organisation are you from: choose only one")),
            InputRequired(message=_("Select which organisation you are from")),
            OfferedChoice(0, _("Which organisation are you from: choose one of the options shown")),
        ],
    )


@functools.lru_cache(maxsize=256)
def form_class(
    questions: tuple[QuestionView, ...], language: str, organisations: Choices = ()
) -> type[ResponseForm]:
    """A form class for these questions in this language (and organisations to choose from,
    for a link that asks), built once per worker: all are values, so an edited version or a
    renamed organisation is a new key and never meets a stale class, and each language has
    its own class (labels and messages are fixed in it)."""
    # First: fields keep the order they were made in, and the page asks this first.
    fields = {ORGANISATION_FIELD: organisation_field(organisations)} if organisations else {}
    fields.update(
        {field_name(q): field_for(q, number, language) for number, q in enumerate(questions, 1)}
    )
    return type("SurveyResponseForm", (ResponseForm,), fields)


def build_form(
    questions: tuple[QuestionView, ...], language: str, organisations: Choices = ()
) -> ResponseForm:
    """The form for these questions, bound to the current request."""
    return form_class(questions, language, organisations)()


def chosen_organisation(form: ResponseForm) -> str | None:
    field = getattr(form, ORGANISATION_FIELD, None)
    return field.data if field is not None else None


def answers_from(form: ResponseForm, questions: tuple[QuestionView, ...]) -> list[AnswerValue]:
    answers: list[AnswerValue] = []
    for question in questions:
        data = form[field_name(question)].data
        if not data:
            continue
        if question.kind == QuestionKind.MULTIPLE_CHOICE:
            answers.extend(AnswerValue(question.id, choice=choice) for choice in data)
        elif question.kind.is_text:
            text = text_input.clean(data)
            if text:
                answers.append(AnswerValue(question.id, text=text))
        elif data == DONT_KNOW:
            answers.append(AnswerValue(question.id, choice=DONT_KNOW))
        elif question.kind.is_rated:
            answers.append(AnswerValue(question.id, number=int(data)))
        else:
            answers.append(AnswerValue(question.id, choice=data))
    return answers
