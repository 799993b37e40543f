"""Scheduling waves and opening or closing them."""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from engage.domain import AuditAction
from engage.extensions import db
from engage.models import Cadence, Survey, SurveyKind, User, Wave, WaveStatus
from engage.services import audit, standing_links
from engage.services.errors import FieldError

CADENCE_STEP = {
    Cadence.WEEKLY: relativedelta(weeks=1),
    Cadence.FORTNIGHTLY: relativedelta(weeks=2),
    Cadence.MONTHLY: relativedelta(months=1),
    Cadence.QUARTERLY: relativedelta(months=3),
}
MAX_WAVES_AT_ONCE = 52


def next_number(survey: Survey) -> int:
    return max((wave.number for wave in survey.waves), default=0) + 1


def schedule_pulse(survey: Survey, first_opens_on: date, count: int, days_open: int) -> list[Wave]:
    """Add ``count`` waves at the survey's cadence, each open for ``days_open`` days."""
    if survey.kind != SurveyKind.PULSE or survey.cadence is None:
        raise FieldError("cadence", "Set how often the pulse repeats before scheduling waves")
    if not 1 <= count <= MAX_WAVES_AT_ONCE:
        raise FieldError("count", f"Schedule between 1 and {MAX_WAVES_AT_ONCE} waves at a time")
    step = CADENCE_STEP[survey.cadence]
    if not 1 <= days_open <= (first_opens_on + step - first_opens_on).days:
        raise FieldError("days_open", "Waves must close before the next one opens")
    number = next_number(survey)
    waves = []
    for index in range(count):
        opens_on = first_opens_on + step * index
        waves.append(
            Wave(
                survey=survey,
                version_id=survey.current_version.id,
                number=number + index,
                retention_months=survey.programme.retention_months,
                opens_on=opens_on,
                closes_on=opens_on + timedelta(days=days_open - 1),
            )
        )
    db.session.add_all(waves)
    standing_links.ensure_wave_links(waves)  # a standing link's poster opens these too
    db.session.commit()
    return waves


def add_session(
    survey: Survey, session_date: date, venue: str, facilitator: str, days_open: int = 7
) -> Wave:
    """A roundtable session: one wave, open from the session day for ``days_open`` days."""
    wave = Wave(
        survey=survey,
        version_id=survey.current_version.id,
        number=next_number(survey),
        retention_months=survey.programme.retention_months,
        opens_on=session_date,
        closes_on=session_date + timedelta(days=days_open - 1),
        venue=venue.strip(),
        facilitator=facilitator.strip(),
    )
    db.session.add(wave)
    standing_links.ensure_wave_links([wave])
    db.session.commit()
    return wave


def describe(wave: Wave) -> str:
    """How the audit log names a wave."""
    return f"{wave.label} of {wave.survey.title}"


def set_status(wave: Wave, status: WaveStatus, today: date, user: User | None = None) -> None:
    """Open or close a wave now. Reopening a closed wave is recorded as such: it lets
    people answer again after figures may already have been read."""
    was = wave.state_label(today)
    wave.status = status
    if status == WaveStatus.OPEN and wave.closes_on < today:
        wave.closes_on = today
    now = wave.state_label(today)
    if was != now:
        action = {
            "Open": AuditAction.WAVE_REOPENED if was == "Closed" else AuditAction.WAVE_OPENED,
            "Closed": AuditAction.WAVE_CLOSED,
        }.get(now)
        if action is not None:
            audit.record(wave.survey.programme, user, action, describe(wave), f"Was {was.lower()}.")
    if now != "Closed":  # reopened: its standing links must open it
        standing_links.ensure_wave_links([wave], today)
    db.session.commit()
