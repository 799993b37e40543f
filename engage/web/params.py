"""Numbers taken from the address: one strict parser for every view.

``str.isdigit`` accepts characters such as ``²`` that ``int`` refuses (a 500), and an
unbounded id overflows the database's integer (another 500). Every id, wave number and page
from a query string goes through ``number_arg`` instead, so such input is simply ignored.
"""

from __future__ import annotations

from flask import request

LARGEST = 2**31 - 1  # PostgreSQL's integer; SQLite's is wider
MOST_DIGITS = 10


def parse_number(value: str, maximum: int = LARGEST) -> int | None:
    """ASCII digits, at most ten of them, no more than ``maximum``; anything else is none."""
    if not value or len(value) > MOST_DIGITS or not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if number <= maximum else None


def number_arg(name: str, maximum: int = LARGEST) -> int | None:
    """The query-string parameter ``name`` as a bounded number, or none if absent or malformed."""
    return parse_number(request.args.get(name, ""), maximum)
