import pytest

from engage.analysis.redact import NAME_MARK, redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sarah Jones in Digital was brilliant.", f"{NAME_MARK} in Digital was brilliant."),
        ("Thanks to Mr. Patel and Cllr Ahmed.", f"Thanks to {NAME_MARK} and {NAME_MARK}."),
        ("Dr. J. Smith helped", f"{NAME_MARK} helped"),
        ("We were let down; John said so", f"We were let down; {NAME_MARK} said so"),
        ("Mark Evans sorted it", f"{NAME_MARK} sorted it"),
        ("In May we met Grace.", f"In May we met {NAME_MARK}."),
        ("Ask Priya O'Brien-Hughes", f"Ask {NAME_MARK}"),
        ("Mr Smith. The end", f"{NAME_MARK}. The end"),
    ],
)
def test_names_are_removed(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Will this ever work? Hope so.",
        "The Digital Team and Adult Social Care did well",
        "Capita and the Council need to talk",
        "Our IT partner changed everything in April",
        "You said My team would be consulted",
    ],
)
def test_ordinary_capitalised_words_are_kept(text):
    assert redact(text) == text


def test_contact_details_and_names_together():
    text = "Ask Kevin or email kevin@example.gov.uk or ring 07700 900123"
    assert redact(text) == (
        f"Ask {NAME_MARK} or email [email removed] or ring [phone number removed]"
    )
