"""Training on codes the tests write: the engine learns a programme's own themes and labels."""

import random
from dataclasses import replace

from engage.analysis.engine import CodedComment, Comment, Engine, train

PRAISE = [
    "The {} team were brilliant",
    "Really pleased with the {} service",
    "Great support from {}",
    "{} sorted it quickly, thank you",
]
COMPLAINT = [
    "Still waiting for {} to call back",
    "{} lost my paperwork again",
    "Nobody at {} answers the phone",
    "{} keeps getting it wrong",
]
TOPICS = {
    "Bins": ["bin collection", "waste crew", "recycling"],
    "Parking": ["parking permit", "car park", "parking warden"],
}


def coded_comments(count: int = 120) -> list[CodedComment]:
    rng = random.Random(7)
    comments = []
    for _ in range(count):
        theme = rng.choice(list(TOPICS))
        tone = rng.choice(["positive", "negative"])
        template = rng.choice(PRAISE if tone == "positive" else COMPLAINT)
        comments.append(
            CodedComment(template.format(rng.choice(TOPICS[theme])), "Why?", tone, (theme,))
        )
    return comments


def test_zero_shot_uses_rules_and_the_default_codebook():
    engine = Engine()
    [result] = engine.analyse([Comment("The contract manager explained the budget cuts well")])
    assert engine.version == "rules-1"
    assert "Contract management" in result.themes and "Cost cutting" in result.themes
    assert result.sentiment in {"positive", "neutral", "negative"}
    assert engine.analyse([]) == []


def test_training_adopts_models_only_when_they_beat_the_rules():
    engine = train(coded_comments())
    assert engine.report["themes_model_micro_f1"] > engine.report["themes_rules_micro_f1"]
    assert engine.theme_model is not None and "theme-model" in engine.version
    results = engine.analyse(
        [Comment("The recycling crew were brilliant"), Comment("Nobody at the car park answers")]
    )
    assert results[0].themes == ("Bins",) and results[1].themes == ("Parking",)


def test_too_few_codes_keep_the_rules():
    engine = train(coded_comments(10))
    assert engine.version == "rules-1"
    assert "sentiment_rules_macro_f1" in engine.report
    assert "sentiment_model_macro_f1" not in engine.report


def test_uncoded_themes_are_left_alone():
    comments = [CodedComment(c.text, c.question, c.sentiment, None) for c in coded_comments()]
    engine = train(comments)
    assert engine.theme_model is None


def test_framing_is_learned_from_analysts_codes():
    # A programme whose people talk about "the journey": the rules cannot know that word.
    rng = random.Random(3)
    journeys = [
        "It is the journey to one front door",
        "The journey towards one council",
        "Our journey to a single front door",
    ]
    savings = ["Saving money on everything", "Budget cuts again", "Cutting costs, plainly"]
    coded = [
        CodedComment(rng.choice(journeys), "", None, None, "New ways of working") for _ in range(30)
    ]
    coded += [CodedComment(rng.choice(savings), "", None, None, "Cutting costs") for _ in range(30)]
    engine = train(coded)
    assert engine.report["framing_model_macro_f1"] > engine.report["framing_rules_macro_f1"]
    assert "framing-model" in engine.version
    [result] = engine.analyse([Comment("A journey to one front door for everyone")])
    assert result.framing == "New ways of working"


def test_training_copes_when_every_comment_has_the_same_theme():
    """A file coded with one theme only used to fail ("zip() argument 2 is shorter")."""
    coded = [replace(comment, themes=("General",)) for comment in coded_comments(60)]
    engine = train(coded)
    assert engine.report["comments"] == 60
    [result] = engine.analyse([Comment("The bins were collected late again", "Why?")])
    assert engine.theme_model is not None and result.themes == ("General",)


def test_a_theme_model_keeps_the_rules_for_themes_it_never_learned():
    """Codes naming one theme (an import whose other names were dropped) must not wipe out
    the codebook's other themes: the model adds what it learned to what the rules find."""
    coded = [replace(c, themes=(c.themes[0],)) for c in coded_comments(120)]
    engine = train(coded)
    assert engine.theme_model is not None and set(engine.theme_model.names) == set(TOPICS)
    [result] = engine.analyse(
        [Comment("The contract manager explained the budget cuts well", "Why?")]
    )
    assert "Contract management" in result.themes and "Cost cutting" in result.themes
