"""A catalogue of identifiers people write in comments, each inside several sentences:
none survives redaction, and ordinary numbers do."""

import pytest

from engage.analysis.identifiers import luhn_valid, nhs_valid
from engage.analysis.redact import redact

IDENTIFIERS = {
    "nhs": ["943 476 5919", "9434765919", "943-476-5919"],
    "nino": ["QQ 12 34 56 C", "AB123456C", "ab 12 34 56 d", "JG103759A"],
    "postcode": ["SW1A 2AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "sw1a 2aa", "EC1A1BB"],
    "phone": [
        "(020) 7946 0958",
        "+44 (0)20 7946 0958",
        "07700 900123",
        "07700-900-123",
        "+447700900123",
        "0161 496 0000",
        "01632 960001",
    ],
    "email": [
        "jane.doe@northbrook.gov.uk",
        "jane dot doe at northbrook dot gov dot uk",
        "j.smith(at)meridian dot co dot uk",
    ],
    "handle": ["@janedoe", "@Meridian_Olu"],
    "link": [
        "https://linkedin.com/in/janedoe",
        "www.facebook.com/jane.doe.77",
        "linkedin.com/in/janedoe",
    ],
    "card": ["4111 1111 1111 1111", "5500-0000-0000-0004", "378282246310005"],
    "date": ["12/03/1984", "5.9.1930", "7th feb 2022", "23 March 1979", "01-12-85"],
    "reference": ["E123456", "staff no 00123456", "EMP1234567"],
}
SENTENCES = [
    "Please contact {} about this.",
    "{}",
    "My manager ({}) never replied to me.",
    "I gave them {}, then nothing happened",
]
CATALOGUE = [
    (kind, value, s.format(value))
    for kind, values in IDENTIFIERS.items()
    for value in values
    for s in SENTENCES
]


def test_the_catalogue_holds_at_least_a_hundred_hostile_examples():
    assert len(CATALOGUE) >= 100


@pytest.mark.parametrize(("kind", "value", "sentence"), CATALOGUE)
def test_no_identifier_survives(kind, value, sentence):
    redacted = redact(sentence)
    digits = "".join(c for c in value if c.isdigit())
    assert value not in redacted, (kind, redacted)
    if len(digits) >= 4:
        assert digits[-4:] not in "".join(c for c in redacted if c.isdigit()), (kind, redacted)
    assert "removed]" in redacted


@pytest.mark.parametrize(
    "ordinary",
    [
        "We waited 3 weeks and 2 days; the 10am slot moved to 2pm.",
        "The budget went from 2,000,000 to 1.5 million in 2024.",
        "Ward 7 on floor 2 had 12 beds and 300 visits in Q3.",
        "Call the team on extension 4021 (internal only).",
        "About 45% of staff, 120 people, said yes.",
    ],
)
def test_ordinary_numbers_stay(ordinary):
    assert redact(ordinary) == ordinary


def test_checksums_keep_numbers_that_only_look_like_identifiers():
    assert nhs_valid("9434765919") and not nhs_valid("9434765918")
    assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")
