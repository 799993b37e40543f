from engage.analysis.discovery import discover, noun_phrases


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
    labels = [group.label for group in found]
    assert any("waste crew" in label for label in labels)
    assert any("council tax bill" in label for label in labels)
    assert all(len(group.examples) <= 3 and group.comment_ids for group in found)


def test_too_little_text_finds_nothing():
    assert discover([(1, "Fine"), (2, "ok")]) == []
    assert discover([(i, "") for i in range(40)]) == []
