import pytest

from engage.analysis.codebook import DEFAULT_CODEBOOK, Codebook, Theme, compile_phrases
from engage.analysis.framing import UNCLEAR, classify


def test_default_codebook_covers_the_seed_themes():
    names = set(DEFAULT_CODEBOOK.names)
    for expected in (
        "Communication and language",
        "Cost cutting",
        "Contract management",
        "Procurement",
        "Partnership trust",
        "Collaboration with neighbouring authorities",
        "Interim managers and consultants",
        "Value for money",
    ):
        assert expected in names


def test_matching_uses_words_and_stems():
    found = DEFAULT_CODEBOOK.match("Our contract manager keeps explaining the budget cuts")
    assert {"Contract management", "Communication and language", "Cost cutting"} <= set(found)
    assert "Procurement" not in DEFAULT_CODEBOOK.match("I procrastinate")


def test_phrases_are_escaped_never_patterns():
    # A phrase is literal text: its metacharacters match themselves and nothing else, so
    # a hostile phrase can neither widen a theme nor backtrack catastrophically.
    pattern = compile_phrases(("(a+)+$", "c++"))
    assert "(a+)" not in pattern.pattern and r"\(a\+\)\+\$" in pattern.pattern
    assert pattern.search("a" * 50_000 + "!") is None
    assert pattern.search("the rule (a+)+$ appears") is not None
    assert Codebook((Theme("Odd", phrases=("c++",)),)).match("we use c++ daily") == ["Odd"]


def test_framings():
    assert classify("Saving money by cutting posts") == "Cutting costs"
    assert classify("Making it easier for residents to get help") == "Better services for residents"
    assert classify("Moving services online") == "Digital and technology"
    assert classify("Working differently together") == "New ways of working"
    assert classify("Another restructure") == "Restructuring and job changes"
    assert classify("No idea, it changes every month") == UNCLEAR
    assert classify("Blue") == UNCLEAR


# Phrasing the way staff write it, where a keyword used to tag the wrong theme.
@pytest.mark.parametrize(
    ("text", "wrong", "right"),
    [
        ("Mostly about saving money, honestly.", "Partnership trust", "Cost cutting"),
        ("To be honest, honestly nothing new.", "Partnership trust", None),
        ("They were honest with us about the cuts.", None, "Partnership trust"),
        ("The new rota system means I never know my shifts.", "Technology", None),
        ("The new system keeps crashing on my laptop.", None, "Technology"),
        ("Good job on keeping us in the loop.", "Jobs and restructuring", None),
        ("Job losses are what everyone is worried about.", None, "Jobs and restructuring"),
        ("It is cost cutting by another name.", "Value for money", "Cost cutting"),
        ("Financial pressures drive every decision.", "Workload", "Cost cutting"),
        ("In my experience nobody asks the front line.", "Customer improvement", None),
        ("Informal chats are where we hear anything.", "Communication and language", None),
        ("My directorate has not been told much.", "Leadership", None),
        ("Contract management is nobody's day job.", "Leadership", "Contract management"),
        (
            "Support for adults with learning disabilities is stretched.",
            "Training and skills",
            None,
        ),
        ("A public sector pay freeze again.", "Customer improvement", None),
        ("Residents still wait weeks for repairs.", None, "Customer improvement"),
    ],
)
def test_seed_codebook_keyword_traps(text, wrong, right):
    found = DEFAULT_CODEBOOK.match(text)
    if wrong:
        assert wrong not in found, found
    if right:
        assert right in found, found


def test_a_minus_phrase_is_an_exception_to_its_theme_only():
    book = Codebook(
        (
            Theme("Tech", phrases=("system*", "-rota system*")),
            Theme("Rotas", phrases=("rota*",)),
        )
    )
    assert book.match("the rota system") == ["Rotas"]
    assert book.match("the rota system and the payroll system") == ["Tech", "Rotas"]
    assert book.match("the new systems") == ["Tech"]
    assert Codebook((Theme("Only exceptions", phrases=("-x",)),)).match("x") == []
