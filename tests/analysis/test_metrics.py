import itertools
import math

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from engage.analysis import metrics

agreement = st.one_of(st.none(), st.integers(1, 5))
scale = st.integers(0, 10)


def test_percent_positive_excludes_dont_know_but_reports_it():
    distribution = metrics.agreement_distribution([5, 4, 3, 2, 1, None, None, 4])
    assert (
        distribution.positive,
        distribution.neutral,
        distribution.negative,
        distribution.dont_know,
    ) == (3, 1, 2, 2)
    assert distribution.percent(distribution.positive) == pytest.approx(50.0)


def test_index_is_the_mean_of_respondent_means():
    # Respondent A: 100, 100 -> 100; respondent B: 0, 50, 50 -> 33.3; mean 66.7, not 60.
    index = metrics.construct_index([[5, 5], [1, 3, 3], [None, None]])
    assert index.value == pytest.approx((100 + 100 / 3) / 2)
    assert index.n == 2


def test_enps_counts_promoters_minus_detractors():
    estimate = metrics.enps([10, 9, 8, 7, 6, 0, 10, 3])
    assert estimate.value == pytest.approx(100 * (3 - 3) / 8)
    assert metrics.enps([9, 9, 10]).value == 100
    assert metrics.enps([]) is None


def test_a_trust_gap_with_small_samples_is_shown_as_noise():
    council = metrics.construct_index([[2], [3], [4], [3]])
    partner = metrics.construct_index([[3], [4], [4], [5]])
    gap = metrics.difference(council, partner)
    assert gap.value == pytest.approx(-25.0)
    assert not gap.excludes_zero


def test_a_large_consistent_change_is_distinguished_from_noise():
    before = metrics.construct_index([[2], [3]] * 100)
    after = metrics.construct_index([[4], [5]] * 100)
    change = metrics.difference(after, before)
    assert change.value == pytest.approx(50.0) and change.excludes_zero


def test_net_sentiment_and_prevalence():
    assert metrics.net_sentiment(2, 1, 4) == 25.0 and metrics.net_sentiment(0, 0, 0) is None
    assert metrics.prevalence(2, 4) == 0.5 and metrics.prevalence(None, 4) is None
    assert metrics.prevalence(0, 0) is None
    assert metrics.response_rate(5, 20) == 0.25 and metrics.response_rate(5, None) is None


@given(st.lists(agreement))
def test_distribution_counts_everyone_once(answers):
    distribution = metrics.agreement_distribution(answers)
    assert distribution.answered + distribution.dont_know == len(answers)
    if distribution.answered:
        shares = [
            distribution.percent(part)
            for part in (distribution.positive, distribution.neutral, distribution.negative)
        ]
        assert math.isclose(sum(shares), 100.0)


@given(st.lists(st.lists(agreement, min_size=1, max_size=6), min_size=1, max_size=40))
def test_index_stays_between_0_and_100_inside_its_interval(respondents):
    index = metrics.construct_index(respondents)
    if index is None:
        assert all(all(answer is None for answer in person) for person in respondents)
        return
    assert 0.0 <= index.value <= 100.0
    assert index.low <= index.value <= index.high


@given(st.lists(scale, min_size=1, max_size=200))
def test_enps_is_bounded(scores):
    estimate = metrics.enps(scores)
    assert -100.0 <= estimate.value <= 100.0
    promoters = sum(score >= 9 for score in scores)
    detractors = sum(score <= 6 for score in scores)
    assert math.isclose(estimate.value, 100 * (promoters - detractors) / len(scores))


@given(
    st.lists(st.lists(agreement, min_size=1, max_size=3), min_size=2, max_size=30),
    st.lists(st.lists(agreement, min_size=1, max_size=3), min_size=2, max_size=30),
)
def test_difference_is_antisymmetric(first, second):
    a, b = metrics.construct_index(first), metrics.construct_index(second)
    if a is None or b is None:
        return
    forward, backward = metrics.difference(a, b), metrics.difference(b, a)
    assert math.isclose(forward.value, -backward.value, abs_tol=1e-9)
    assert forward.excludes_zero == backward.excludes_zero


def merged_in_parts(values: list[float], cuts: list[int]) -> metrics.Moments:
    """The values split into cells at ``cuts`` and merged back, as the dashboard does."""
    bounds = [0, *sorted(set(cut % (len(values) + 1) for cut in cuts)), len(values)]
    return metrics.merge_moments(
        metrics.Moments.of(values[a:b]) for a, b in itertools.pairwise(bounds)
    )


@example([87.21168428907853] * 3, [1])  # cancellation in raw sums of squares gave 1.17e-06
@example([1e9 + 0.5, 1e9 + 0.25, 1e9], [1, 2])
@given(
    st.lists(st.floats(0, 100), min_size=1, max_size=50), st.lists(st.integers(0, 50), max_size=5)
)
def test_estimates_from_merged_cell_moments_match_the_row_by_row_estimate(values, cuts):
    direct = metrics.mean_estimate(values)
    merged = metrics.estimate_from_moments(merged_in_parts(values, cuts))
    assert math.isclose(direct.value, merged.value, rel_tol=1e-12, abs_tol=1e-9)
    if len(values) > 1:
        assert math.isclose(
            direct.standard_error, merged.standard_error, rel_tol=1e-9, abs_tol=1e-9
        )


@pytest.mark.parametrize("value", [87.21168428907853, 0.1, 99.99999999, 1e12 + 0.1])
def test_equal_values_have_no_spread_however_they_are_merged(value):
    moments = metrics.merge_moments(metrics.Moments.of([value] * n) for n in (1, 2, 3, 7))
    # At most the rounding of one mean (1e-16 relative), never a cancelled sum of squares.
    assert moments.n == 13 and moments.m2 <= 1e-28 * value * value * moments.n
    assert metrics.estimate_from_moments(moments).standard_error <= 1e-14 * value


def test_near_equal_large_values_keep_their_spread():
    values = [1e9 + offset for offset in (0.0, 0.25, 0.5, 0.75)]
    merged = metrics.merge_moments(metrics.Moments.of([v]) for v in values)
    direct = metrics.mean_estimate(values)
    assert merged.m2 == pytest.approx(0.3125, rel=1e-9)
    assert metrics.estimate_from_moments(merged).standard_error == pytest.approx(
        direct.standard_error, rel=1e-9
    )


def test_share_estimates_match_their_zero_or_hundred_scores():
    for count, n in [(0, 5), (3, 7), (7, 7), (1, 2)]:
        scores = [100.0] * count + [0.0] * (n - count)
        direct, share = metrics.mean_estimate(scores), metrics.share_estimate(count, n)
        assert share.value == pytest.approx(direct.value)
        assert share.standard_error == pytest.approx(direct.standard_error, abs=1e-12)


def test_excludes_zero_is_a_plain_bool_even_for_numpy_bounds():
    """It goes into the API's JSON; numpy's bool made the open-wave dashboard a 500."""
    import json

    import numpy

    estimate = metrics.Estimate(5.0, 10, 1.0, numpy.float64(3.0), numpy.float64(7.0))
    assert type(estimate.excludes_zero) is bool
    assert json.dumps({"needs_attention": estimate.excludes_zero}) == '{"needs_attention": true}'
