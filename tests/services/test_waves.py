from datetime import date

import pytest

from engage.models import SurveyKind, WaveStatus
from engage.services import programmes, surveys, waves
from engage.services.errors import FieldError


def make_survey(admin, cadence):
    programme = programmes.create_programme("P", "p", "", admin)
    return surveys.create_survey(programme, kind=SurveyKind.PULSE, title="S", cadence=cadence)


@pytest.mark.parametrize(
    ("cadence", "expected"),
    [
        (surveys.Cadence.WEEKLY, [date(2026, 1, 5), date(2026, 1, 12), date(2026, 1, 19)]),
        (surveys.Cadence.FORTNIGHTLY, [date(2026, 1, 5), date(2026, 1, 19), date(2026, 2, 2)]),
        (surveys.Cadence.MONTHLY, [date(2026, 1, 5), date(2026, 2, 5), date(2026, 3, 5)]),
        (surveys.Cadence.QUARTERLY, [date(2026, 1, 5), date(2026, 4, 5), date(2026, 7, 5)]),
    ],
)
def test_pulses_repeat_at_their_cadence(admin, cadence, expected):
    survey = make_survey(admin, cadence)
    scheduled = waves.schedule_pulse(survey, date(2026, 1, 5), 3, days_open=5)
    assert [wave.opens_on for wave in scheduled] == expected
    assert [wave.number for wave in scheduled] == [1, 2, 3]
    assert scheduled[0].closes_on == date(2026, 1, 9)
    more = waves.schedule_pulse(survey, date(2026, 12, 1), 1, days_open=5)
    assert more[0].number == 4


def test_waves_cannot_overlap_or_be_unbounded(admin):
    survey = make_survey(admin, surveys.Cadence.WEEKLY)
    with pytest.raises(FieldError, match="close before"):
        waves.schedule_pulse(survey, date(2026, 1, 5), 2, days_open=8)
    with pytest.raises(FieldError, match="between 1 and 52"):
        waves.schedule_pulse(survey, date(2026, 1, 5), 53, days_open=3)


def test_a_roundtable_is_one_session(admin):
    programme = programmes.create_programme("P", "p", "", admin)
    survey = surveys.create_survey(programme, kind=SurveyKind.ROUNDTABLE, title="R")
    wave = waves.add_session(survey, date(2026, 3, 1), " Civic Centre ", "Chair")
    assert (wave.venue, wave.facilitator, wave.closes_on) == (
        "Civic Centre",
        "Chair",
        date(2026, 3, 7),
    )
    with pytest.raises(FieldError):
        waves.schedule_pulse(survey, date(2026, 3, 1), 1, 1)


def test_opening_a_past_wave_extends_it_to_today(admin):
    survey = make_survey(admin, surveys.Cadence.WEEKLY)
    wave = waves.schedule_pulse(survey, date(2026, 1, 5), 1, days_open=3)[0]
    waves.set_status(wave, WaveStatus.OPEN, date(2026, 2, 1))
    assert wave.is_accepting(date(2026, 2, 1)) and wave.closes_on == date(2026, 2, 1)
    waves.set_status(wave, WaveStatus.CLOSED, date(2026, 2, 1))
    assert not wave.is_accepting(date(2026, 2, 1))
