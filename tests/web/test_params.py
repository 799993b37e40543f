import pytest

from engage.web.params import LARGEST, parse_number
from tests.builders import build_world
from tests.services.test_insights import answer

CRAFTED = ["²", "١٢", "999999999999999999999999999999", "2147483648", "-1", "1e3", " 1"]


@pytest.mark.parametrize("value", [*CRAFTED, "", "12345678901"])
def test_only_bounded_ascii_digits_are_numbers(value):
    assert parse_number(value) is None


def test_numbers_within_bounds_are_read():
    assert parse_number("0") == 0
    assert parse_number("42") == 42
    assert parse_number(str(LARGEST)) == LARGEST
    assert parse_number("11", maximum=10) is None


PAGES = [
    "/insights/p/test/?{name}={value}",
    "/insights/p/test/comments?{name}={value}",
    "/manage/p/test/comments?{name}={value}",
    "/manage/p/test/audit?{name}={value}",
    "/downloads/p/test/theme-summary.csv?{name}={value}",
    "/api/v1/programmes/test/dashboard?{name}={value}",
]


def test_crafted_ids_never_give_a_server_error(staff, admin):
    """``?survey=²`` used to pass ``str.isdigit`` and fail in ``int``; 30 digits overflowed."""
    world = build_world(admin)
    for index in range(6):
        answer(world, world.link, index, 4)
    for page in PAGES:
        for name in ("survey", "wave", "from", "to", "organisation", "group", "page"):
            for value in ("²", "999999999999999999999999999999"):
                url = page.format(name=name, value=value)
                status = staff.client.get(url).status_code
                assert status in {200, 302, 400, 404}, (url, status)  # 302: to the exports page
