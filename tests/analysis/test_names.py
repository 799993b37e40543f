"""A catalogue of names as people write them in comments (lower case, surnames alone,
short and non-English first names, titles, initials, after cues such as "my manager"):
none survives redaction, and ordinary words that are also names do."""

import re

import pytest

from engage.analysis.redact import NAME_MARK, redact

# (the name as written, and sentences that carry it)
NAMES = {
    "john smith": ["I reported it to {} and nothing happened.", "{} in finance ignores emails"],
    "sarah jones": ["{} and her team are great", "ask {} about the rota"],
    "Patel": ["{} never answers the phone.", "The problem is {} in procurement.", "{}."],
    "O'Brien-Smith": ["Ask {} about the rota.", "{} was rude to me"],
    "o'brien-smith": ["{} was rude to me", "complain about {} please"],
    "Olu": ["{} was brilliant during the move.", "Thanks {}!"],
    "olu": ["I spoke to {} about it twice.", "{} in payroll sorted it"],
    "mr patel": ["{} shouted at the team", "we told {} twice"],
    "Mr. Patel": ["{} shouted at the team", "Thanks to {} and the team"],
    "cllr ahmed": ["{} came to the roundtable", "even {} agreed"],
    "priya": ["thanks to {} for sorting the laptops", "my manager {} listens"],
    "Khan": ["{} from HR was helpful", "I complained about {}"],
    "McDonald": ["{} in IT fixed it", "Nobody trusts {}"],
    "Kowalski": ["{} has been bullying staff", "Ask {}"],
    "Nguyen": ["The new lead, {}, is fair.", "{} runs the depot"],
    "J. Smith": ["Complaint about {}", "{} signed it off"],
    "mohammed": ["{} in digital helped a lot", "my supervisor {} is great"],
    "siobhan": ["{} was the only one who listened", "spoke to {} in payroll"],
    "Gareth": ["My boss {} is never there", "{} said the move was fine"],
    "dave": ["{} from meridian said no", "my manager {} won't listen"],
    "Tomasz": ["{} and Piotr on the bins deserve a raise", "ask {}"],
    "Hughes": ["{} needs to go", "It was {} who decided"],
    "okafor": ["{} in housing is great", "complained to {}"],
    "mrs smith": ["{} never replies", "emailed {} about it"],
    "Mark Evans": ["I emailed {}", "{} sorted it"],
    "Will Hughes": ["{} is our lead", "We asked {}"],
    "Dr J Shah": ["{} was kind", "Seen by {} at last"],
    "kev": ["ask {} in facilities", "my boss {} is ok"],
    "Sarah Jones": ["I got an email from {}", "Sent in by {} at Meridian"],
}
CATALOGUE = [(name, s.format(name)) for name, sentences in NAMES.items() for s in sentences]
KEPT = [
    "Will this ever work? Hope so.",
    "We need more staff and better systems.",
    "Grace period for the change was too short",
    "Adult Social Care were great",
    "Working with Meridian has been hard",
    "Spoke to HR twice",
    "spoke to the manager",
    "The Town Hall move went well",
    "Bill payments are late",
    "Mark the forms clearly",
    "Frank conversations are needed",
    "We went to Newcastle for training",
    "The Durham office is closing",
    "Told the director and nothing happened",
    "Penny pinching everywhere",
    "Sky high workloads",
    "Joy in the team has gone",
    "The staff on Cherry Ward were kind",
    "We were moved to Rowan 2 in March",
    "The telephone lady said it would be an hour",
    "English is not my first language",
    "Got Sky TV in the lounge",
    "The Bev Centre was hard to find",
    "They took me to the Freeman",
    "off to see a dr. However it was fine",
    "We were at Stanley for the training day",
]


def test_the_names_catalogue_holds_at_least_fifty_hostile_examples():
    assert len(CATALOGUE) >= 50


@pytest.mark.parametrize(("name", "sentence"), CATALOGUE)
def test_no_name_survives(name, sentence):
    redacted = redact(sentence)
    assert NAME_MARK in redacted
    for part in name.replace(".", " ").split():
        if len(part) > 1 and part.lower() not in {"mr", "mrs", "dr", "cllr"}:
            assert not re.search(rf"(?<!\w){re.escape(part)}(?!\w)", redacted, re.I), redacted


@pytest.mark.parametrize("text", KEPT)
def test_ordinary_words_that_are_also_names_are_kept(text):
    assert redact(text) == text


def test_the_corpus_check_counts_false_redactions(tmp_path):
    from engage.analysis import redaction_check

    corpus = tmp_path / "comments.csv"
    corpus.write_text(
        "id,text\n1,Rachel was lovely\n2,Nothing to add\n3,Transport to James Cook was late\n",
        encoding="utf-8",
    )
    reviewed = tmp_path / "reviewed.txt"
    reviewed.write_text("# ids with personal data\n1\n", encoding="utf-8")
    rows = [{"id": "1", "text": "Rachel was lovely"}, {"id": "2", "text": "Nothing to add"}]
    result = redaction_check.check(rows, {"1"})
    assert (result["changed"], result["false"]) == (1, [])
    assert redaction_check.main([str(corpus), "--reviewed", str(reviewed)]) == 0
    result = redaction_check.check(
        [{"id": "3", "text": "Transport to James Cook was late"}],
        redaction_check.reviewed_ids(reviewed),
    )
    assert result["false"] == [("3", ["James", "Cook"])]
