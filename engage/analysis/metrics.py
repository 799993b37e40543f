"""Survey metrics, exactly as ../shared/PRODUCT.md defines them.

Every function takes plain values and returns unrounded figures with their uncertainty:
rounding is for display only, and a change the sample cannot tell from noise must be shown
as such. Intervals use Student's t, which matters for the small groups surveys produce.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from scipy import stats

# Civil Service People Survey scoring: strongly disagree 0 ... strongly agree 100.
AGREEMENT_SCORE = {1: 0.0, 2: 25.0, 3: 50.0, 4: 75.0, 5: 100.0}
CONFIDENCE = 0.95


@dataclass(frozen=True)
class Estimate:
    """A mean (or difference) with its standard error and 95% interval."""

    value: float
    n: int
    standard_error: float
    low: float
    high: float

    @property
    def excludes_zero(self) -> bool:
        # A plain bool even when the bounds are numpy floats (scipy's quantiles): it goes
        # into JSON documents, which cannot hold numpy's bool.
        return bool(self.low > 0 or self.high < 0)


@dataclass(frozen=True)
class Distribution:
    positive: int
    neutral: int
    negative: int
    dont_know: int

    @property
    def answered(self) -> int:
        return self.positive + self.neutral + self.negative

    def percent(self, part: int) -> float | None:
        return None if self.answered == 0 else 100.0 * part / self.answered


def t_interval(value: float, standard_error: float, degrees: int) -> tuple[float, float]:
    if degrees < 1 or math.isnan(standard_error):
        return (-math.inf, math.inf)
    margin = stats.t.ppf(0.5 + CONFIDENCE / 2, degrees) * standard_error
    return (value - margin, value + margin)


@dataclass(frozen=True)
class Moments:
    """A group's count, mean and sum of squared deviations from that mean (``m2``).

    Cells store these rather than sums and sums of squares: the variance from raw sums
    is a small difference of two large numbers and loses its digits to cancellation
    (three equal scores gave a standard error of 1e-6 instead of 0). Groups combine with
    Chan's pairwise formula, which is exact for equal values and stable for large ones.
    """

    n: int = 0
    mean: float = 0.0
    m2: float = 0.0

    @classmethod
    def of(cls, values: Sequence[float]) -> Moments:
        """Two passes over the values: the mean first, then deviations from it."""
        n = len(values)
        if n == 0:
            return cls()
        mean = math.fsum(values) / n
        return cls(n, mean, math.fsum((value - mean) ** 2 for value in values))

    def __add__(self, other: Moments) -> Moments:
        if other.n == 0:
            return self
        if self.n == 0:
            return other
        n = self.n + other.n
        delta = other.mean - self.mean
        mean = self.mean + delta * other.n / n
        return Moments(n, mean, self.m2 + other.m2 + delta * delta * self.n * other.n / n)


def merge_moments(parts: Iterable[Moments]) -> Moments:
    total = Moments()
    for part in parts:
        total = total + part
    return total


def estimate_from_moments(moments: Moments) -> Estimate | None:
    """Mean with a t interval; None for nobody; an unbounded interval for one person."""
    n = moments.n
    if n == 0:
        return None
    if n == 1:
        return Estimate(moments.mean, 1, math.nan, -math.inf, math.inf)
    error = math.sqrt(max(0.0, moments.m2) / (n - 1) / n)
    low, high = t_interval(moments.mean, error, n - 1)
    return Estimate(moments.mean, n, error, low, high)


def mean_estimate(values: Sequence[float]) -> Estimate | None:
    """Mean with a t interval; None for no values; an unbounded interval for one value."""
    return estimate_from_moments(Moments.of(values))


def agreement_distribution(answers: Iterable[int | None]) -> Distribution:
    """Counts for a 5-point item; None is "don't know", excluded from the shares."""
    positive = neutral = negative = dont_know = 0
    for answer in answers:
        if answer is None:
            dont_know += 1
        elif answer >= 4:
            positive += 1
        elif answer == 3:
            neutral += 1
        else:
            negative += 1
    return Distribution(positive, neutral, negative, dont_know)


def respondent_index(answers: Iterable[int | None]) -> float | None:
    """One respondent's 0-100 score: the mean over the construct's items they answered."""
    scores = [AGREEMENT_SCORE[answer] for answer in answers if answer is not None]
    return math.fsum(scores) / len(scores) if scores else None


def construct_index(respondents: Iterable[Iterable[int | None]]) -> Estimate | None:
    """The 0-100 index: the mean per respondent, then the mean over respondents."""
    per_person = [respondent_index(answers) for answers in respondents]
    return mean_estimate([score for score in per_person if score is not None])


def enps(scores: Sequence[int]) -> Estimate | None:
    """% answering 9-10 minus % answering 0-6, from -100 to +100."""
    if not scores:
        return None
    signs = [100.0 if score >= 9 else -100.0 if score <= 6 else 0.0 for score in scores]
    return mean_estimate(signs)


def difference(later: Estimate, earlier: Estimate) -> Estimate:
    """``later - earlier`` for independent samples (Welch), e.g. a trust gap or a change."""
    value = later.value - earlier.value
    n = later.n + earlier.n
    if later.n < 2 or earlier.n < 2:
        return Estimate(value, n, math.nan, -math.inf, math.inf)
    a, b = later.standard_error**2, earlier.standard_error**2
    error = math.sqrt(a + b)
    if error == 0:
        return Estimate(value, n, 0.0, value, value)
    degrees = (a + b) ** 2 / ((a**2) / (later.n - 1) + (b**2) / (earlier.n - 1))
    margin = stats.t.ppf(0.5 + CONFIDENCE / 2, degrees) * error
    return Estimate(value, n, error, value - margin, value + margin)


def net_sentiment(positive: int, negative: int, comments: int) -> float | None:
    """% positive comments minus % negative comments, from counts (cells hold counts)."""
    if not comments:
        return None
    return 100.0 * (positive - negative) / comments


def share_change(now: int, now_people: int, before: int, before_people: int) -> Estimate:
    """A share's change in points between two waves, with its 95% interval."""
    return difference(share_estimate(now, now_people), share_estimate(before, before_people))


def prevalence(with_theme: int | None, people: int | None) -> float | None:
    """The share (0-1) of commenting people whose comments carry a theme; None when
    either count is hidden or nobody commented."""
    if not people or with_theme is None:
        return None
    return with_theme / people


def response_rate(responses: int, headcount: int | None) -> float | None:
    return responses / headcount if headcount else None


def share_estimate(count: int, n: int) -> Estimate | None:
    """A share in points (0-100) as the mean of a 0-or-100 score per person, so that
    ``difference`` gives a wave-on-wave change in a share with its 95% interval."""
    if n == 0:
        return None
    share = 100.0 * count / n
    # count scores of 100 and n - count of 0: m2 = n * share * (100 - share)
    return estimate_from_moments(Moments(n, share, n * share * (100.0 - share)))
