"""The dashboard's opening sentences, from plain figures: what they say and where they point."""

from datetime import date

from engage.analysis.metrics import Estimate
from engage.domain import OrganisationKind
from engage.services.reading import story
from engage.services.reading.dashboard import Dashboard
from engage.services.reading.refs import Choices, OrganisationRef, SurveyRef, WaveRef

FIRST, PREVIOUS, LATEST = (WaveRef(n, n, date(2026, n, 1), date(2026, n, 8)) for n in (1, 5, 6))


def estimate(value: float, low: float, high: float, n: int = 40) -> Estimate:
    return Estimate(value, n, 1.0, low, high)


def dashboard(**figures) -> Dashboard:
    data = Dashboard(
        "demo",
        SurveyRef(1, "Pulse"),
        [FIRST, PREVIOUS, LATEST],
        5,
        Choices(
            organisations=(
                OrganisationRef(1, "Northbrook", OrganisationKind.COUNCIL),
                OrganisationRef(2, "Meridian", OrganisationKind.PRIVATE_PARTNER),
            )
        ),
        latest=LATEST,
        previous=PREVIOUS,
        first=FIRST,
    )
    data.indices = {"transformation_understanding": {LATEST.id: estimate(62, 58, 66)}}
    for name, value in figures.items():
        setattr(data, name, value)
    return data


def test_a_change_beyond_noise_is_told_with_both_values_and_its_interval():
    data = dashboard(
        changes=[("Understanding of transformation", estimate(7, 2, 12))],
        since_first=[("Understanding of transformation", estimate(24, 20, 28))],
    )
    sentences = story.tell(data)
    assert sentences[0] == story.Sentence(
        "Understanding of transformation rose from 55 to 62 since Wave 5 "
        "(+7 points, 95% interval +2 to +12).",
        "indices",
    )
    assert "from 38 to 62 since Wave 1" in sentences[1].text


def test_no_change_beyond_noise_is_said_plainly_and_a_fall_needs_attention():
    data = dashboard(
        changes=[("Understanding of transformation", estimate(3, -1, 7))],
        since_first=[("Understanding of transformation", estimate(-9, -14, -4))],
    )
    first, second = story.tell(data)[:2]
    assert first.text == "No index changed beyond noise between Wave 5 and Wave 6."
    assert not first.attention
    assert "fell from 71 to 62 since Wave 1" in second.text and second.attention


def test_themes_rising_and_falling_most_say_whether_beyond_noise():
    data = dashboard(
        theme_changes=[
            ("Digital", estimate(12, 3, 21)),
            ("Workload", estimate(1, -4, 6)),
            ("Jobs", estimate(-6, -12, 0.5)),
            ("Pay", estimate(0.2, -3, 3)),
        ]
    )
    (sentence,) = [s for s in story.tell(data) if s.chart == "theme-changes"]
    assert sentence.text == (
        "Rising most: Digital (+12 points) and Workload (+1 point, within noise). "
        "Falling most: Jobs (-6 points, within noise)."
    )


def test_the_trust_gap_names_the_side_that_trusts_less():
    data = dashboard(
        mirror={
            "Northbrook": {LATEST.id: estimate(48, 44, 52)},
            "Meridian": {LATEST.id: estimate(67, 62, 72)},
        },
        gap={LATEST.id: estimate(-19, -26, -12)},
    )
    (sentence,) = [s for s in story.tell(data) if s.chart == "mirror"]
    assert sentence.text == (
        "In Wave 6, Northbrook trusts the partnership less than Meridian: 48 against 67, "
        "a gap of 19 points (95% interval 12 to 26)."
    )
    within = dashboard(mirror=data.mirror, gap={LATEST.id: estimate(-3, -8, 2)})
    (sentence,) = [s for s in story.tell(within) if s.chart == "mirror"]
    assert "differs by no more than noise" in sentence.text and not sentence.attention


def test_attention_low_rate_negative_comments_lowest_group_and_withheld():
    data = dashboard(
        rates={LATEST.id: 0.31},
        net_sentiment={LATEST.id: -8.4},
        groups={
            "Northbrook: Housing": {"Engagement": 41.0},
            "Northbrook: Waste": {"Engagement": 66.0},
            "Meridian: Hidden team": {"Engagement": None},
        },
        withheld=1,
    )
    attention = [s for s in story.tell(data) if s.attention]
    assert [s.chart for s in attention] == ["responses", "sentiment", "groups", "responses"]
    assert attention[0].text.startswith("Only 31% of the headcount answered Wave 6")
    assert "net sentiment -8" in attention[1].text
    assert attention[2].text == (
        "Lowest on engagement: Northbrook: Housing (41, against 66 for the highest group)."
    )


def test_a_roundtable_room_is_not_a_headcount_and_nothing_is_said_without_a_closed_wave():
    data = dashboard(rates={LATEST.id: 0.05})
    data.survey = SurveyRef(1, "Roundtable", one_session=True)
    assert not [s for s in story.tell(data) if s.chart == "responses"]
    assert story.tell(dashboard(latest=None, previous=None, first=None)) == []
