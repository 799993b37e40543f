from engage.analysis.discovery import discover, noun_phrases, readable_label


def test_noun_phrases_work_offline_without_determiners():
    phrases = noun_phrases("The new case system is slow and our team leader is great")
    assert "new case system" in phrases and "team leader" in phrases
    assert not any(phrase.startswith("the ") for phrase in phrases)


def test_comments_sharing_phrases_are_grouped_with_examples():
    texts = [
        "Waste crew missed our street",
        "The waste crew was late",
        "waste crew left bins open",
        "Council tax bill was wrong",
        "My council tax bill doubled",
        "council tax bill confusing",
    ] * 2
    found = discover(list(enumerate(texts)), groups=2)
    labels = [group.label.lower() for group in found]
    assert any("waste crew" in label for label in labels)
    assert any("council tax bill" in label for label in labels)
    assert all(len(group.examples) <= 3 and group.comment_ids for group in found)


def test_too_little_text_finds_nothing():
    assert discover([(1, "Fine"), (2, "ok")]) == []
    assert discover([(i, "") for i in range(40)]) == []


def test_phrases_are_nouns_never_pronoun_runs():
    # The parser chunks "We work so we" as one noun phrase; a name must not.
    phrases = noun_phrases("We work so we can cope with the changes, but problems keep coming.")
    assert phrases == ["work", "changes", "problems"]
    assert noun_phrases("The right direction but the pace is slow for frontline staff") == [
        "right direction",
        "pace",
        "frontline staff",
    ]


def test_suggested_names_read_as_noun_phrases():
    assert readable_label(("changes", "problems", "work")) == "Changes and problems"
    assert readable_label(("car park", "car park barrier", "staff parking")) == (
        "Car park and staff parking"
    )
    assert readable_label(("pace", "right direction", "frontline staff")) == (
        "Right direction and pace"
    )
    assert readable_label(("waste crew", "crew")) == "Waste crew"
    assert readable_label(()) == ""
