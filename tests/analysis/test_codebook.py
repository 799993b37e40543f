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
