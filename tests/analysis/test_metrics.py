import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engage.analysis import metrics

agreement = st.one_of(st.none(), st.integers(1, 5))
scale = st.integers(0, 10)


def test_percent_positive_excludes_dont_know_but_reports_it():
    distribution = metrics.agreement_distribution([5, 4, 3, 2, 1, None, None, 4])
    assert (distribution.positive, distribution.neutral, distribution.negative,
            distribution.dont_know) == (3, 1, 2, 2)
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
    assert metrics.net_sentiment(["positive", "negative", "neutral", "positive"]) == 25.0
    assert metrics.prevalence([{"a"}, {"a", "b"}, set(), {"b"}], "a") == 0.5
    assert metrics.response_rate(5, 20) == 0.25 and metrics.response_rate(5, None) is None


@given(st.lists(agreement))
def test_distribution_counts_everyone_once(answers):
    distribution = metrics.agreement_distribution(answers)
    assert distribution.answered + distribution.dont_know == len(answers)
    if distribution.answered:
        shares = [distribution.percent(part) for part in
                  (distribution.positive, distribution.neutral, distribution.negative)]
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


@given(st.lists(st.lists(agreement, min_size=1, max_size=3), min_size=2, max_size=30),
       st.lists(st.lists(agreement, min_size=1, max_size=3), min_size=2, max_size=30))
def test_difference_is_antisymmetric(first, second):
    a, b = metrics.construct_index(first), metrics.construct_index(second)
    if a is None or b is None:
        return
    forward, backward = metrics.difference(a, b), metrics.difference(b, a)
    assert math.isclose(forward.value, -backward.value, abs_tol=1e-9)
    assert forward.excludes_zero == backward.excludes_zero


@given(st.lists(st.floats(0, 100), min_size=1, max_size=50))
def test_estimates_from_sql_moments_match_the_row_by_row_estimate(values):
    direct = metrics.mean_estimate(values)
    n = len(values)
    from_moments = metrics.estimate_from_moments(n, sum(values) / n,
                                                 sum(v * v for v in values) / n)
    assert math.isclose(direct.value, from_moments.value, abs_tol=1e-9)
    if n > 1:
        assert math.isclose(direct.standard_error, from_moments.standard_error, abs_tol=1e-6)
