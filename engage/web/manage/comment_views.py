"""Comments and analysts' codes: the filtered list, one comment at a time with next and
previous, several at once, and the list as a file. Every view keeps the list's filters and
page in its address, so coding never drops an analyst back on an unfiltered page 1."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget

from engage.analysis.framing import FRAMINGS
from engage.exports import writers
from engage.exports.names import file_name
from engage.services import analysis, audit, comments
from engage.services.errors import FieldError
from engage.services.reading import coding
from engage.services.reading import comments as reading
from engage.services.reading.comments import MAX_SEARCH, SENTIMENTS, Filters
from engage.web.downloads.views import download
from engage.web.manage import bp, load_programme
from engage.web.params import number_arg

LIST_ARGS = ("wave", "organisation", "group", "question", "theme", "sentiment", "search", "page")
# The bulk fields are prefixed ("bulk-sentiment") so their ids differ from the filters';
# the form's own token would be prefixed too, so the page's plain ``csrf_token`` is checked
# by the app-wide CSRFProtect before the view runs, as for every POST.
UNPREFIXED_CSRF = {"csrf": False}
MOST_AT_ONCE = 4 * reading.PAGE_SIZE
SENTIMENT_CHOICES = [(label, label.capitalize()) for label in SENTIMENTS]


class RecodeForm(FlaskForm):
    sentiment = SelectField("Sentiment", choices=[("", "Machine's choice"), *SENTIMENT_CHOICES])
    themes = SelectMultipleField(
        "Themes",
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validate_choice=True,
    )
    framing = SelectField(
        "How it frames transformation",
        choices=[("", "Machine's choice")] + [(n, n) for n in FRAMINGS.names],
    )


class BulkForm(FlaskForm):
    sentiment = SelectField(
        "Set sentiment",
        choices=[("", "Leave as it is"), ("machine", "Machine's choice"), *SENTIMENT_CHOICES],
        default="",
    )
    add_theme = SelectField("Add theme", default="")
    remove_theme = SelectField("Remove theme", default="")


def list_args(**changes) -> dict[str, str]:
    """The list's filters and page as they are in the address, with ``changes``."""
    found = {name: request.args.get(name, "") for name in LIST_ARGS}
    found.update({name: str(value) for name, value in changes.items()})
    return {name: value for name, value in found.items() if value}


def filters_from_args() -> Filters:
    return Filters(
        number_arg("wave"),
        number_arg("organisation"),
        number_arg("group"),
        request.args.get("theme", "")[:120],
        request.args.get("sentiment", ""),
        request.args.get("question", "")[:64],
        search=request.args.get("search", "").strip()[:MAX_SEARCH],
    )


def theme_choices(programme) -> list[tuple[str, str]]:
    return [(name, name) for name in analysis.codebook_for(programme.id).names]


def bulk_form(programme, form: BulkForm | None = None) -> BulkForm:
    form = form or BulkForm(prefix="bulk", formdata=None, meta=UNPREFIXED_CSRF)
    form.add_theme.choices = form.remove_theme.choices = [("", "None"), *theme_choices(programme)]
    return form


@bp.get("/p/<slug>/comments")
def comment_list(slug: str):
    programme = load_programme(slug)
    return render_list(programme, filters_from_args())


def render_list(programme, filters: Filters, form=None, page_errors=None, status: int = 200):
    page = reading.page_of(programme, filters, number_arg("page") or 1)
    audit.record_comment_view(
        programme,
        current_user,
        "Comment list",
        audit.describe_slice(reading.describe(programme, filters), page.page),
    )
    return render_template(
        "manage/comments.html",
        programme=programme,
        filters=filters,
        page=page,
        options=filter_options(programme),
        agreement=comments.agreement(programme),
        themes=analysis.codebook_for(programme.id).names,
        args=list_args(),
        form=bulk_form(programme, form),
        page_errors=page_errors,
    ), status


def filter_options(programme) -> dict:
    surveys = programme.surveys
    questions = analysis.text_questions(programme)
    return {
        "waves": [
            (wave.id, f"{survey.title}: {wave.label}")
            for survey in surveys
            for wave in survey.waves
        ],
        "organisations": [(org.id, org.name) for org in programme.organisations],
        "groups": [
            (group.id, f"{org.name}: {group.name}")
            for org in programme.organisations
            for group in org.groups
        ],
        "questions": sorted(set(questions), key=lambda row: row[1]),
    }


@bp.post("/p/<slug>/comments/together")
def recode_together(slug: str):
    """Several comments at once: the ticked ones, or every one on the page when "select
    all" is ticked (which works without scripts: the page lists its own references)."""
    programme = load_programme(slug)
    form = bulk_form(programme, BulkForm(prefix="bulk", meta=UNPREFIXED_CSRF))
    chosen = request.form.getlist("on_page" if request.form.get("all_on_page") else "ref")
    chosen = [ref[:24] for ref in chosen if ref][:MOST_AT_ONCE]
    if form.validate_on_submit() and chosen:
        change = comments.BulkCodes(
            form.sentiment.data, form.add_theme.data, form.remove_theme.data
        )
        try:
            done = comments.recode_many(programme, chosen, change, current_user)
        except FieldError as error:
            form[error.field].errors = [str(error)]
        except LookupError:
            abort(404)
        else:
            flash(f"Your codes are saved for {done} comment{'s' if done != 1 else ''}.", "success")
            return redirect(url_for("manage.comment_list", slug=slug, **list_args()))
    errors = [] if chosen else [("select-all", "Select at least one comment")]
    return render_list(programme, filters_from_args(), form, errors, 400)


@bp.route("/p/<slug>/comments/<ref>", methods=["GET", "POST"])
def recode_comment(slug: str, ref: str):
    programme = load_programme(slug)
    try:
        comment = reading.readable(programme, ref)
    except LookupError:
        abort(404)
    place = coding.place_of(programme, filters_from_args(), comment.ref)
    row = comment.analysis
    form = RecodeForm(
        data={
            "sentiment": row.coded_sentiment or "",
            "themes": row.final_themes,
            "framing": row.coded_framing or "",
        }
    )
    form.themes.choices = theme_choices(programme)
    if form.validate_on_submit():
        comments.recode(
            programme,
            comment.ref,
            form.sentiment.data or None,
            form.themes.data,
            form.framing.data or None,
            user=current_user,
        )
        flash("Your codes are saved. They override the machine's for this comment.", "success")
        return redirect(after_saving(slug, place))
    audit.record_comment_view(programme, current_user, "Comment opened", f"Reference {ref}")
    return render_template(
        "manage/recode.html",
        programme=programme,
        form=form,
        row=row,
        text=comment.text,
        place=place,
        args=list_args,
    ), 400 if form.errors else 200


def after_saving(slug: str, place: coding.Place) -> str:
    """ "Save and next" opens the next comment in the list; "Save" goes back to the list,
    at the page the comment was on."""
    if request.form.get("then") == "next" and place.next:
        return url_for(
            "manage.recode_comment", slug=slug, ref=place.next, **list_args(page=place.next_page)
        )
    return url_for("manage.comment_list", slug=slug, **list_args(page=place.page))


EXPORT_WRITERS = {"csv": writers.tables_to_csv, "xlsx": writers.tables_to_xlsx}


@bp.get("/p/<slug>/comments.<fmt>")
def comment_export(slug: str, fmt: str):
    """The filtered list as a file, through the same checks as the list: a hidden slice
    gives no file, and every file downloaded is in the audit log."""
    if fmt not in EXPORT_WRITERS:
        abort(404)
    programme = load_programme(slug)
    filters = filters_from_args()
    made = coding.comment_file(programme, filters)
    if made.hidden:
        flash(
            "These filters cover fewer than "
            f"{programme.min_comment_group_size} people, so there is nothing to download.",
            "info",
        )
        return redirect(url_for("manage.comment_list", slug=slug, **list_args()))
    tables = {
        "Comments": (made.header, made.rows),
        "About this file": (["About this file"], [[line] for line in made.heading[1:]]),
    }
    first = made.heading[0] if fmt == "xlsx" else made.heading[:1]
    content = EXPORT_WRITERS[fmt](first, tables)
    described = audit.describe_slice(reading.describe(programme, filters))
    audit.record_export(programme, current_user, "Comments", described, fmt)
    return download(content, fmt, file_name(programme.slug, "comments", str(date.today()), fmt=fmt))
