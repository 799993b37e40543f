"""The confidentiality engine: every figure passes through here before anyone sees it.

Rules (../shared/PRODUCT.md and the trusted systems in ../shared/reference):
- scores are hidden for groups under the programme's minimum (default 5, never below 3);
  comments under 10; anything published under 10, with counts rounded to the nearest 5;
- complementary suppression: when a group is hidden, the next-smallest sibling is hidden too
  until the hidden groups together reach the minimum, so no one can subtract their way to a
  hidden group from the parent total; and a parent is hidden when it minus its visible
  children would expose 1..k-1 people;
- a hidden cell is marked as hidden, never shown as zero.
Pure Python: no Flask and no database, so every chart, table, export and API can share it.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from itertools import combinations

from engage.domain import MIN_GROUP_FLOOR

DEFAULT_SCORES = 5
DEFAULT_COMMENTS = 10
PUBLISHED = 10
ROUND_TO = 5


@dataclass(frozen=True)
class Thresholds:
    scores: int = DEFAULT_SCORES
    comments: int = DEFAULT_COMMENTS
    published: int = PUBLISHED

    def __post_init__(self) -> None:
        if self.scores < MIN_GROUP_FLOOR:
            raise ValueError(f"the minimum group size is never below {MIN_GROUP_FLOOR}")
        if self.comments < self.scores:
            raise ValueError("the comment minimum cannot be below the score minimum")


def exposes(count: int, minimum: int) -> bool:
    """A group of 1..minimum-1 people identifies too few; an empty group identifies no one."""
    return 0 < count < minimum


def hidden_reason(count: int, minimum: int) -> str:
    """Why a figure is hidden, in the words every page uses."""
    if exposes(count, minimum):
        return f"fewer than {minimum}"
    return "would reveal a smaller group"


def suppress_siblings(
    counts: Mapping[Hashable, int],
    minimum: int,
    parent: int | None = None,
    already_hidden: set[Hashable] = frozenset(),
) -> set[Hashable]:
    """Keys to hide among sibling groups (which together with ``parent`` partition it).

    ``parent`` is the parent's count when the parent is shown, so that parent minus the
    visible siblings cannot reveal a hidden group of fewer than ``minimum`` people.
    ``already_hidden`` are siblings hidden for other reasons; they count as hidden.
    """
    hidden = {key for key, count in counts.items() if exposes(count, minimum)}
    hidden |= set(already_hidden) & set(counts)
    total = sum(counts.values()) if parent is None else parent
    while True:
        visible = {key: count for key, count in counts.items() if key not in hidden}
        remainder = total - sum(visible.values())
        if not exposes(remainder, minimum) or not visible:
            return hidden
        # The hidden remainder is too small: hide the smallest visible group as well.
        hidden.add(min(visible, key=lambda key: (visible[key], str(key))))


def parent_is_safe(
    parent: int, children: Mapping[Hashable, int], hidden: set[Hashable], minimum: int
) -> bool:
    """Whether a parent total can be shown beside these children and these hidden ones."""
    if exposes(parent, minimum):
        return False
    visible_sum = sum(count for key, count in children.items() if key not in hidden)
    return not exposes(parent - visible_sum, minimum)


def round_published(count: int) -> int:
    """Counts in anything published are rounded to the nearest 5 (ONS practice)."""
    return ROUND_TO * round(count / ROUND_TO)


def publishable(count: int, thresholds: Thresholds) -> bool:
    return count >= thresholds.published


def wave_change_safe(before: int, after: int, minimum: int) -> bool:
    """A change between two waves of one group may be shown only when both waves are
    shown and the difference in people cannot single out fewer than the minimum."""
    return (
        not exposes(before, minimum)
        and not exposes(after, minimum)
        and before > 0
        and after > 0
        and not exposes(abs(after - before), minimum)
    )


Slice = tuple[Hashable | None, Hashable | None, Hashable | None]  # wave, organisation, group
Cells = Mapping[tuple[Hashable, Hashable, Hashable], int]


def _matches(selected: Slice, key: tuple) -> bool:
    return (
        (selected[0] is None or selected[0] == key[0])
        and (selected[1] is None or selected[1] == key[1])
        and (selected[2] is None or selected[2] == key[2])
    )


def slice_total(cells: Cells, selected: Slice) -> int:
    """People in a slice of (wave, organisation, group) cells; None means every value."""
    return sum(count for key, count in cells.items() if _matches(selected, key))


def slice_is_safe(cells: Cells, selected: Slice, minimum: int) -> bool:
    """Whether the people in one slice may be shown, when a viewer can ask for any other.

    Releasing any of the slice's filters (one, or several at once) gives a parent slice
    that the cells of those filters' values partition; the slice is refused when
    complementary suppression among those siblings would hide it. So no shown slice minus
    another reveals a group of 1..minimum-1, even when the two differ in several filters.
    A group belongs to one organisation, so releasing the organisation releases the group.
    """
    if slice_total(cells, selected) < minimum:
        return False
    wave, organisation, group = selected
    if group is not None:  # a group implies its organisation
        organisation = next((key[1] for key in cells if key[2] == group), organisation)
    selected = (wave, organisation, group)
    fixed = [dimension for dimension, value in enumerate(selected) if value is not None]
    for size in range(1, len(fixed) + 1):
        for released in combinations(fixed, size):
            if _hidden_among_siblings(cells, selected, set(released), minimum):
                return False
    return True


def shown_total(cells: Cells, selected: Slice, minimum: int) -> int | None:
    """People in the slice: 0, a number safe to show, or None when showing it would
    expose someone (directly or by difference with another slice)."""
    total = slice_total(cells, selected)
    if total == 0:
        return 0
    return total if slice_is_safe(cells, selected, minimum) else None


def option_counts(
    options: Mapping[Hashable, Cells], selected: Slice, minimum: int
) -> tuple[dict[Hashable, int], set[Hashable]]:
    """Each option's people in a slice (a single-choice question's answers), and the
    options to hide: those unsafe to show and those that would give a hidden one away."""
    counts = {option: slice_total(cells, selected) for option, cells in options.items()}
    unsafe = {
        option for option, cells in options.items() if shown_total(cells, selected, minimum) is None
    }
    return counts, suppress_siblings(counts, minimum, already_hidden=unsafe)


def _hidden_among_siblings(cells: Cells, selected: Slice, released: set[int], minimum: int) -> bool:
    if 1 in released and selected[2] is not None:
        released = released | {2}
    parent = tuple(
        None if dimension in released else value for dimension, value in enumerate(selected)
    )
    dimensions = sorted(released)
    siblings: dict[Hashable, int] = {}
    for key, count in cells.items():
        if _matches(parent, key):
            sibling = tuple(key[dimension] for dimension in dimensions)
            siblings[sibling] = siblings.get(sibling, 0) + count
    mine = tuple(selected[dimension] for dimension in dimensions)
    return mine in suppress_siblings(siblings, minimum)
