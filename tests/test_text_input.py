import pytest

from engage import text_input


@pytest.mark.parametrize("value", ["a\x00b", "\x0b", "\x1b[31m", "x\x7f", "a\ud800b", "\udfff"])
def test_control_characters_and_lone_surrogates_are_refused(value):
    assert text_input.problem_in(value)
    with pytest.raises(text_input.TextProblem):
        text_input.clean(value)


@pytest.mark.parametrize(
    "value",
    [
        "Zoë",
        "Łódź 👍🏽",
        "tab\there",
        "line\nline",
        "ŵ ŷ",
        "=cmd|' /C calc'!A0",
        "<script>alert(1)</script>",
        "J\u200bohn",
        "\u202eevil",
    ],
)
def test_ordinary_and_hostile_but_printable_text_is_kept(value):
    assert text_input.problem_in(value) is None
    assert text_input.clean(value) == text_input.normalise(value).strip()


def test_line_endings_and_accents_are_normalised():
    assert text_input.clean("a\r\nb\rc") == "a\nb\nc"
    assert text_input.clean("e\u0301") == "\u00e9"
