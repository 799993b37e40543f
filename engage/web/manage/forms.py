"""Organisers' forms. Every label and hint is written for someone who has never used Engage."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import NumberInput

from engage import text_input
from engage.constructs import CONSTRUCTS
from engage.models import Cadence, OrganisationKind, QuestionKind, Role, SurveyKind
from engage.question_bank import TEMPLATES
from engage.web.params import parse_number


class IntegerField(StringField):
    """A whole number typed in a form: ASCII digits only, and no more than the database
    holds, however the validators below bound it (``int`` takes "١٢", and 30 digits
    overflow an integer column). Anything else is "not a whole number", never a 500."""

    widget = NumberInput()

    def process_formdata(self, valuelist) -> None:
        if not valuelist:
            return
        text = valuelist[0].strip()
        self.data = parse_number(text) if text else None
        if text and self.data is None:
            raise ValueError("Enter a whole number, like 12")

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else str(self.data)


class CleanText:
    """Organisers' labels reach every export: refuse control characters here too, and
    invisible characters that make one name look like another."""

    def __call__(self, form, field) -> None:
        problem = text_input.label_problem_in(field.data or "")
        if problem:
            raise ValidationError(f"{field.label.text} {problem}")


def text_validators(label: str, required_message: str | None = None, max_length: int = 200):
    validators = [DataRequired(required_message)] if required_message else [Optional()]
    return [
        *validators,
        Length(max=max_length, message=f"{label} must be {max_length} characters or fewer"),
        CleanText(),
    ]


class ProgrammeForm(FlaskForm):
    name = StringField(
        "Programme name", validators=text_validators("Programme name", "Enter the programme name")
    )
    slug = StringField(
        "Short name for web addresses",
        validators=text_validators("Short name", "Enter a short name", 64),
    )
    description = TextAreaField(
        "Description (optional)", validators=text_validators("Description", max_length=2000)
    )


class ProgrammeSettingsForm(FlaskForm):
    name = StringField(
        "Programme name", validators=text_validators("Programme name", "Enter the programme name")
    )
    description = TextAreaField(
        "Description (optional)", validators=text_validators("Description", max_length=2000)
    )
    min_group_size = IntegerField(
        "Minimum group size for scores",
        validators=[
            InputRequired("Enter the minimum group size for scores"),
            NumberRange(3, 100, "Minimum group size must be between 3 and 100"),
        ],
    )
    min_comment_group_size = IntegerField(
        "Minimum group size for comments",
        validators=[
            InputRequired("Enter the minimum group size for comments"),
            NumberRange(3, 100, "Minimum group size must be between 3 and 100"),
        ],
    )
    roundtable_comment_minimum = IntegerField(
        "Minimum people for roundtable comments",
        validators=[
            InputRequired("Enter the minimum number of people for roundtable comments"),
            NumberRange(3, 100, "Minimum people for roundtable comments must be between 3 and 100"),
        ],
    )
    retention_months = IntegerField(
        "Keep answers for (months)",
        validators=[
            InputRequired("Enter how many months answers are kept"),
            NumberRange(1, 120, "Keep answers for between 1 and 120 months"),
        ],
    )
    controller = StringField(
        "Data controller (optional)",
        validators=text_validators("Data controller", max_length=300),
    )
    lawful_basis = TextAreaField(
        "Lawful basis", validators=text_validators("Lawful basis", max_length=2000)
    )
    privacy_contact = StringField(
        "Privacy contact (optional)",
        validators=text_validators("Privacy contact", max_length=300),
    )
    welsh_offered = BooleanField(
        "Offer the survey pages in Welsh too (give each survey and question its Welsh wording)"
    )


class OrganisationForm(FlaskForm):
    name = StringField(
        "Organisation name",
        validators=text_validators("Organisation name", "Enter the organisation name"),
    )
    kind = RadioField(
        "Type of organisation",
        choices=[(kind.value, kind.label) for kind in OrganisationKind],
        validators=[InputRequired("Select the type of organisation")],
    )
    logo_upload = FileField("Logo (optional)")  # not "logo": that would read the stored bytes
    remove_logo = BooleanField("Remove the logo")


class GroupForm(FlaskForm):
    name = StringField(
        "Group name", validators=text_validators("Group name", "Enter the group name")
    )
    headcount = IntegerField(
        "Number of people (optional)",
        validators=[Optional(), NumberRange(1, 1_000_000, "Enter a number of people above 0")],
    )
    parent = SelectField("Part of (optional)", choices=[("", "No other group")], default="")


class SurveyForm(FlaskForm):
    kind = RadioField(
        "Type of survey",
        choices=[(kind.value, kind.label) for kind in SurveyKind],
        validators=[InputRequired("Select the type of survey")],
    )
    template = RadioField(
        "Start from",
        choices=[("", "A blank survey")]
        + [
            (template.key, f"{template.name}: {template.summary}")
            for template in TEMPLATES.values()
        ],
        default="",
        validate_choice=True,
    )
    title = StringField("Title", validators=text_validators("Title", "Enter a title"))
    purpose = TextAreaField(
        "What the survey is for (shown to respondents)",
        validators=text_validators("Purpose", max_length=1000),
    )
    cadence = SelectField(
        "For a pulse: how often it repeats",
        choices=[(cadence.value, cadence.label) for cadence in Cadence],
        default=Cadence.FORTNIGHTLY.value,
    )


class SurveyDetailsForm(FlaskForm):
    title = StringField("Title", validators=text_validators("Title", "Enter a title"))
    purpose = TextAreaField(
        "What the survey is for (shown to respondents)",
        validators=text_validators("Purpose", max_length=1000),
    )
    title_cy = StringField(
        "Title in Welsh (optional)", validators=text_validators("Title in Welsh")
    )
    purpose_cy = TextAreaField(
        "What the survey is for, in Welsh (optional)",
        validators=text_validators("Purpose in Welsh", max_length=1000),
    )
    cadence = SelectField(
        "For a pulse: how often it repeats",
        choices=[(cadence.value, cadence.label) for cadence in Cadence],
    )


class QuestionForm(FlaskForm):
    text = TextAreaField(
        "Question", validators=text_validators("Question", "Enter the question", 500)
    )
    kind = RadioField(
        "Type of answer",
        choices=[(kind.value, kind.label) for kind in QuestionKind],
        validators=[InputRequired("Select the type of answer")],
    )
    hint = StringField("Hint (optional)", validators=text_validators("Hint", max_length=500))
    options = TextAreaField(
        "Options, one on each line (choice questions only)",
        validators=text_validators("Options", max_length=4000),
    )
    construct = SelectField(
        "What it measures (rated questions only)",
        choices=[("", "Nothing in particular")] + list(CONSTRUCTS.items()),
    )
    required = BooleanField("Respondents must answer this question")
    allow_dont_know = BooleanField("Offer \u201cDon't know\u201d (agreement questions only)")
    max_length = IntegerField(
        "Longest answer in characters (text questions only)",
        validators=[Optional(), NumberRange(10, 5000, "Enter a limit between 10 and 5,000")],
    )
    text_cy = TextAreaField(
        "Question in Welsh (optional)",
        validators=text_validators("Question in Welsh", max_length=500),
    )
    hint_cy = StringField(
        "Hint in Welsh (optional)", validators=text_validators("Hint in Welsh", max_length=500)
    )
    options_cy = TextAreaField(
        "Options in Welsh, one on each line in the same order (optional)",
        validators=text_validators("Options in Welsh", max_length=4000),
    )

    def values(self) -> dict:
        options = [line.strip() for line in (self.options.data or "").splitlines()]
        welsh = [line.strip() for line in (self.options_cy.data or "").splitlines()]
        return {
            "text_cy": text_input.clean(self.text_cy.data or ""),
            "hint_cy": text_input.clean(self.hint_cy.data or ""),
            "options_cy": [option for option in welsh if option],
            "text": text_input.clean(self.text.data),
            "kind": QuestionKind(self.kind.data),
            "hint": text_input.clean(self.hint.data or ""),
            "options": [option for option in options if option],
            "construct": self.construct.data or None,
            "required": self.required.data,
            "allow_dont_know": self.allow_dont_know.data,
            "max_length": self.max_length.data,
        }


class ScheduleForm(FlaskForm):
    first_opens_on = DateField(
        "First wave opens on", validators=[InputRequired("Enter the date the first wave opens")]
    )
    count = IntegerField(
        "Number of waves",
        validators=[
            InputRequired("Enter the number of waves"),
            NumberRange(1, 52, "Schedule between 1 and 52 waves"),
        ],
        default=6,
    )
    days_open = IntegerField(
        "Days each wave stays open",
        validators=[
            InputRequired("Enter how many days each wave is open"),
            NumberRange(1, 90, "Enter between 1 and 90 days"),
        ],
        default=5,
    )


class SessionForm(FlaskForm):
    session_date = DateField(
        "Date of the session", validators=[InputRequired("Enter the date of the session")]
    )
    venue = StringField("Venue (optional)", validators=text_validators("Venue"))
    facilitator = StringField("Facilitator (optional)", validators=text_validators("Facilitator"))


class LinkForm(FlaskForm):
    target = SelectField(
        "Who the link is for", validators=[DataRequired("Select who the link is for")]
    )
    # Offered on a roundtable session's page only: a mixed room answers through one link.
    asks_organisation = BooleanField("Ask each respondent which organisation they are from")


class RoomSizeForm(FlaskForm):
    """How many people the organiser expects: the room view shows "12 of 30"."""

    expected_attendance = IntegerField(
        "Expected attendance (optional)",
        validators=[
            Optional(),
            NumberRange(1, 100_000, "Enter a number of people from 1 to 100,000"),
        ],
    )


class MemberForm(FlaskForm):
    """Invite someone, or change the role of someone already in the programme."""

    email = EmailField(
        "Email address", validators=text_validators("Email address", "Enter an email address", 254)
    )
    role = RadioField(
        "Role",
        choices=[(role.value, role.label) for role in Role],
        validators=[InputRequired("Select a role")],
    )


class CodesForm(FlaskForm):
    count = IntegerField(
        "How many codes",
        validators=[
            InputRequired("Enter how many codes to issue"),
            NumberRange(1, 500, "Issue between 1 and 500 codes at a time"),
        ],
    )


class ConfirmHeadcountForm(FlaskForm):
    headcount = IntegerField(
        "Correct headcount (optional)",
        validators=[Optional(), NumberRange(1, None, "Headcount must be 1 or more")],
    )


class OriginalCommentsForm(FlaskForm):
    allowed = BooleanField(
        "Let programme admins download comments as typed, before redaction, in the raw "
        "responses export"
    )


class TwoFactorRequirementForm(FlaskForm):
    required = BooleanField("Require a second factor of admins")
