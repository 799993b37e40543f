"""Identifiers found by their shape: the numbers, codes and addresses that single a person
out, whatever the sentence around them says. Each rule names what it removed, so a reader
still follows the comment ("call me on [phone number removed]").

Checksums keep ordinary numbers: an NHS number must pass its modulus-11 check and a card
number the Luhn check; other long digit runs go as "[number removed]" all the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable

MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"


def nhs_valid(digits: str) -> bool:
    """The NHS number's modulus-11 check digit."""
    if len(digits) != 10:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return 13 <= len(digits) <= 19 and total % 10 == 0


def only_digits(text: str) -> str:
    return re.sub(r"\D", "", text)


Rule = tuple[re.Pattern[str], str, Callable[[str], bool] | None]

RULES: list[Rule] = [
    # written-out email: "jane dot doe at northbrook dot gov dot uk", "j.smith(at)x dot co dot uk";
    # it must end in a domain ending, so "looked at it dot by dot" is left alone
    (
        re.compile(
            r"\b[\w.]+(?:\s+dot\s+\w+)*(?:\s+at\s+|\s*[(\[]at[)\]]\s*)[\w-]+"
            r"(?:(?:\s+dot\s+|\s*[(\[]dot[)\]]\s*|\.)[\w-]+)*"
            r"(?:\s+dot\s+|\s*[(\[]dot[)\]]\s*|\.)(?:uk|com|org|net|gov|nhs|io|info)\b",
            re.I,
        ),
        "[email removed]",
        None,
    ),
    (
        re.compile(
            r"\b(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|uk|io|me)"
            r"/\S*",
            re.I,
        ),
        "[link removed]",
        None,
    ),
    (re.compile(r"(?<![\w@.])@\w{2,}"), "[handle removed]", None),
    (
        re.compile(r"(?<![\w/])(?:\d[ -]?){12,18}\d(?![\w/])"),
        "[card number removed]",
        lambda found: luhn_valid(only_digits(found)),
    ),
    (
        re.compile(r"(?<![\w/])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\w/])"),
        "[NHS number removed]",
        lambda found: nhs_valid(only_digits(found)),
    ),
    (
        re.compile(r"\b[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b", re.I),
        "[National Insurance number removed]",
        None,
    ),
    # phone numbers as people write them: +44 (0)20 7946 0958, (020) 7946 0958, 07700 900123
    (
        re.compile(r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|\(?0)\d[\d\s()-]{7,14}\d(?!\w)"),
        "[phone number removed]",
        lambda found: 10 <= len(only_digits(found)) <= 13,
    ),
    (
        re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR) ?\d[A-Z]{2}\b", re.I),
        "[postcode removed]",
        lambda found: any(c.isdigit() for c in found[:4]),
    ),
    (
        re.compile(
            r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b|\b\d{1,2}(?:st|nd|rd|th)?\s+"
            rf"(?:{MONTHS})[a-z]*\.?\s+\d{{4}}\b",
            re.I,
        ),
        "[date removed]",
        None,
    ),
    (re.compile(r"\b[A-Z]{1,3}\d{5,}\b"), "[reference removed]", None),  # staff numbers
    (re.compile(r"(?<![\w.])\d{6,}(?![\w.])"), "[number removed]", None),
]


def redact_identifiers(text: str) -> str:
    for pattern, mark, valid in RULES:
        text = pattern.sub(
            lambda match, mark=mark, valid=valid: (
                mark if valid is None or valid(match.group()) else match.group()
            ),
            text,
        )
    return text
