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


def test_labels_refuse_invisible_characters_that_make_one_name_look_like_another():
    from engage.text_input import label_problem_in

    for lookalike in ("North\u200bbrook Borough Council", "Finance\u202e", "Team\u2066A\u2069"):
        assert "invisible characters" in label_problem_in(lookalike)
    assert label_problem_in("Caf\u00e9 and Ysgol Gymraeg \u0175") is None
    assert "control characters" in label_problem_in("Bad\x07bell")


def test_comments_are_made_harmless_not_refused():
    from engage.analysis.redact import redact
    from engage.text_input import harmless

    assert harmless("fine \u202egnissim\u202c then") == "fine gnissim then"
    assert "\u202e" not in redact("Staff \u202eevil\u202c here")
    assert harmless("family \U0001f468\u200d\U0001f469") == "family \U0001f468\u200d\U0001f469"
