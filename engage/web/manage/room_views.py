"""The room view (a link's QR code, code and live count, full screen for a projector) and
the small JSON document that the room view and the wave page poll for their counts.

Every count comes from ``reading.links``, the function a reload of the wave page uses, so
a poll shows exactly what a reload would: a count under the minimum reads "Fewer than 5",
never its number. Texts are made here once, for the page and the JSON alike, so the script
only copies them into place.
"""

from __future__ import annotations

from flask import flash, jsonify, redirect, render_template, url_for

from engage.models import Link, Programme, Wave
from engage.services import links
from engage.services.errors import FieldError
from engage.services.reading import links as link_counts
from engage.services.reading.links import LinkCount, WaveCounts
from engage.web.manage import bp, form_errors_from, found_in, load_programme
from engage.web.manage.forms import RoomSizeForm
from engage.web.public_urls import entry_url, public_url

POLL_SECONDS = 5  # a room notices a new answer within a few seconds; a request is cheap


def count_text(row: LinkCount) -> str:
    if row.responses is None:
        return row.hidden_because.capitalize()
    return f"{row.responses:,}"


def rate_text(row: LinkCount, minimum: int) -> str:
    if row.responses is None:
        return f"Shown from {minimum} responses"
    if row.response_rate is None:
        return "Set the group's headcount"
    return f"{row.response_rate * 100:.0f}% of {row.headcount:,}"


def room_text(row: LinkCount) -> str:
    """ "12 of 30", "Fewer than 5 of 30", or the count alone when the room has no size."""
    size = row.link.room_size
    return count_text(row) + (f" of {size:,}" if size else "")


def total_text(counts: WaveCounts) -> str:
    if counts.total is None:
        return f"{counts.total_hidden_because.capitalize()} responses so far"
    if counts.total == 0:
        return "No responses yet"
    return f"{counts.total:,} response{'s' if counts.total != 1 else ''} so far"


def live_texts(counts: WaveCounts) -> dict:
    """Everything the wave page and the room view update, as the text they show."""
    return {
        "total": total_text(counts),
        "links": {
            str(row.link.id): {
                "responses": count_text(row),
                "rate": rate_text(row, counts.minimum),
                "room": room_text(row),
            }
            for row in counts.links
        },
    }


def short_url(link: Link) -> str:
    """The link as people type it: no scheme, so it fits on one line of a projector."""
    return public_url(link).split("://", 1)[-1]


def short_entry() -> str:
    """Where people type the code, without the scheme: "engage.council.gov.uk"."""
    return entry_url().split("://", 1)[-1].rstrip("/")


def fit_class(text: str) -> str:
    """A font-size class for a line that must never wrap, by its length in steps of 8
    (a style attribute would need 'unsafe-inline' in the CSP)."""
    return f"fit-{min(72, max(16, -(-len(text) // 8) * 8))}"


@bp.get("/p/<slug>/waves/<int:wave_id>/live.json")
def live_counts(slug: str, wave_id: int):
    wave = found_in(load_programme(slug), Wave, wave_id)
    response = jsonify(live_texts(link_counts.wave_counts(wave)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/p/<slug>/links/<int:link_id>/room", methods=["GET", "POST"])
def room(slug: str, link_id: int):
    programme = load_programme(slug)
    link = found_in(programme, Link, link_id)
    form = RoomSizeForm(obj=link)
    if form.validate_on_submit():
        try:
            links.set_room_size(link, form.expected_attendance.data)
        except FieldError as error:
            form_errors_from(form, error)
        else:
            flash("Room size saved.", "success")
            return redirect(url_for("manage.room", slug=slug, link_id=link_id))
    return render_room(programme, link, form), 400 if form.errors else 200


def render_room(programme: Programme, link: Link, form: RoomSizeForm) -> str:
    url, short = public_url(link), short_url(link)
    return render_template(
        "manage/room.html",
        programme=programme,
        link=link,
        form=form,
        row=link_counts.room_count(link),
        room_text=room_text,
        qr_svg=links.qr_svg(url),
        short_url=short,
        entry=short_entry(),
        fit_class=fit_class,
        poll_seconds=POLL_SECONDS,
    )
