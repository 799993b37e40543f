from datetime import date

from engage.models import Wave, WaveStatus

MONDAY = date(2026, 11, 16)


def wave(status=WaveStatus.SCHEDULED):
    return Wave(number=1, opens_on=MONDAY, closes_on=date(2026, 11, 20), status=status)


def test_a_scheduled_wave_follows_its_dates():
    assert not wave().is_accepting(date(2026, 11, 15))
    assert wave().is_accepting(MONDAY)
    assert wave().is_accepting(date(2026, 11, 20))
    assert not wave().is_accepting(date(2026, 11, 21))
    assert wave().state_label(date(2026, 11, 21)) == "Closed"
    assert wave().state_label(date(2026, 11, 1)) == "Scheduled"


def test_an_organiser_can_open_early_or_close_early():
    assert wave(WaveStatus.OPEN).is_accepting(date(2026, 11, 1))
    assert not wave(WaveStatus.CLOSED).is_accepting(MONDAY)
    assert wave(WaveStatus.CLOSED).state_label(MONDAY) == "Closed"
