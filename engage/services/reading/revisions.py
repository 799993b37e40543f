"""Figures that a re-analysis moved, so the dashboard can say so beside them.

A director who reported "net sentiment -8" to a board must not find "-28" for the same wave
a month later with no word of why. Before a re-analysis the closed waves' shown figures
are taken (``dashboard.snapshot``); afterwards the ones that moved by a whole point or more
are kept with the reason, and the dashboard lists them (``notes``). Both sides are figures
the read side showed, whole waves over the whole programme, so a note reveals nothing a
page did not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from engage.extensions import db
from engage.models import FigureRevision
from engage.services.reading.refs import WaveRef

NET_SENTIMENT = "net sentiment"
SHOWN_AT_MOST = 4  # changes named in a note; the rest are counted

Figures = dict[tuple[int, str], float | None]


@dataclass(frozen=True)
class Revision:
    on: date
    reason: str
    changes: tuple[str, ...]  # "net sentiment in Wave 1 from -8 to -28"
    more: int = 0


def moved(before: Figures, after: Figures) -> list[tuple[int, str, float | None, float | None]]:
    """Figures whose shown value changed by a whole point or more, or was hidden and is
    shown (or the reverse). A theme absent on one side was raised by no one: 0%."""
    found = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key, 0.0), after.get(key, 0.0)
        if (old is None) != (new is None) or (old is not None and round(old) != round(new)):
            found.append((*key, old, new))
    return found


def shown(value: float | None, figure: str) -> str:
    if value is None:
        return "hidden"
    return f"{value:+.0f}" if figure == NET_SENTIMENT else f"{value:.0f}%"


def notes(programme_id: int, waves: list[WaveRef]) -> list[Revision]:
    """The revisions of the waves on show, newest first, one note per re-analysis."""
    labels = {wave.id: wave.label for wave in waves}
    rows = db.session.scalars(
        select(FigureRevision)
        .where(
            FigureRevision.programme_id == programme_id,
            FigureRevision.wave_id.in_(list(labels)),
        )
        .order_by(FigureRevision.revised_at.desc(), FigureRevision.id)
    ).all()
    grouped: dict[tuple[date, str], list[str]] = {}
    for row in rows:
        text = (
            f"{row.figure} in {labels[row.wave_id]} from {shown(row.before, row.figure)} "
            f"to {shown(row.after, row.figure)}"
        )
        grouped.setdefault((row.revised_at.date(), row.reason), []).append(text)
    return [
        Revision(on, reason, tuple(changes[:SHOWN_AT_MOST]), max(0, len(changes) - SHOWN_AT_MOST))
        for (on, reason), changes in grouped.items()
    ]
