from engage.constructs import CONSTRUCTS
from engage.domain import QuestionKind
from engage.question_bank import TEMPLATES


def test_every_template_is_well_formed():
    assert set(TEMPLATES) == {
        "transformation_pulse",
        "partnership_trust",
        "roundtable_feedback",
        "engagement_block",
    }
    for template in TEMPLATES.values():
        codes = [question.code for question in template.questions]
        assert len(codes) == len(set(codes)), template.key
        for question in template.questions:
            if question.kind.is_choice:
                assert len(question.options) >= 2
            if question.construct:
                assert question.construct in CONSTRUCTS
                assert question.kind.is_rated


def test_engagement_block_has_five_agreement_items():
    items = TEMPLATES["engagement_block"].questions
    assert len(items) == 5
    assert {item.kind for item in items} == {QuestionKind.AGREEMENT}
    assert {item.construct for item in items} == {"engagement"}


def test_partnership_trust_survey_is_mirrored_by_design():
    # One set of items, asked of both partners via links pinned to each organisation.
    trust = [
        q for q in TEMPLATES["partnership_trust"].questions if q.construct == "partnership_trust"
    ]
    assert len(trust) >= 4
    assert all("partner" in q.text.lower() or "both" in q.text.lower() for q in trust)
