"""The confidentiality engine: every figure passes through here before anyone sees it.

Rules (../shared/PRODUCT.md and the trusted systems in ../shared/reference):
- scores are hidden for groups under the programme's minimum (default 5, never below 3);
  comments under 10; anything published under 10, with counts rounded to the nearest 5;
- complementary suppression: when a group is hidden, the next-smallest sibling is hidden too
  until the hidden groups together reach the minimum, so no one can subtract their way to a
  hidden group from the parent total; and a parent is hidden when it minus its visible
  children would expose 1..k-1 people;
- a slice is shown only when it is a union of *release blocks*, a partition of the cells
  into groups of at least the minimum, so no combination of shown figures can isolate
  fewer (see ``keys_are_safe``);
- a hidden cell is marked as hidden, never shown as zero.
Pure Python: no Flask and no database, so every chart, table, export and API can share it.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from functools import cache

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


class GroupKey(tuple):
    """A reporting group's key in a cell that also knows the groups it sits in (``above``,
    outermost first: directorate, then service). It equals, hashes and prints as the plain
    tuple, so every lookup by a plain key still works; only the release blocks read
    ``above``, to pool a small team with its own service before the organisation."""

    above: tuple = ()

    def __new__(cls, key, above=()):
        made = super().__new__(cls, key)
        made.above = tuple(above)
        return made

    def __reduce__(self):
        return (GroupKey, (tuple(self), self.above))


def matches(selected: Slice, key: tuple) -> bool:
    """Whether a cell is in a slice. A slice's group is one group, or a frozenset of
    groups: a parent group is the union of its own cells and those of every group in it."""
    group = selected[2]
    return (
        (selected[0] is None or selected[0] == key[0])
        and (selected[1] is None or selected[1] == key[1])
        and (
            group is None or (key[2] in group if isinstance(group, frozenset) else group == key[2])
        )
    )


def slice_total(cells: Cells, selected: Slice) -> int:
    """People in a slice of (wave, organisation, group) cells; None means every value."""
    return sum(count for key, count in cells.items() if matches(selected, key))


def slice_is_safe(cells: Cells, selected: Slice, minimum: int) -> bool:
    """Whether the people in one slice may be shown, when a viewer can ask for any other."""
    return keys_are_safe(cells, {key for key in cells if matches(selected, key)}, minimum)


def keys_are_safe(cells: Cells, keys: set, minimum: int) -> bool:
    """Whether a set of cells (a slice, a wave range, an export's scope) may be shown.

    It may when it has at least the minimum of people and is a union of release blocks
    (``release_blocks``). Every figure shown is then a sum over whole blocks, so any
    combination of shown figures, by subtraction, chains of differences or intersecting
    lists, is again a union of blocks: nothing or at least the minimum of people."""
    if sum(cells[key] for key in keys) < minimum:
        return False
    blocks = release_blocks(cells, minimum)
    return all(member in keys for key in keys if cells[key] for member in blocks[key])


def release_blocks(cells: Cells, minimum: int) -> dict[Hashable, frozenset]:
    """A partition of the (wave, organisation, group) cells into blocks of at least the
    minimum of people (or none): each cell's block.

    A cell big enough is a block of its own. The small cells of an organisation in a wave
    are pooled, with its smallest other groups added until the pool is big enough (the
    usual complementary suppression); an organisation too small in a wave is pooled with
    the wave's other small pools, then the smallest blocks of that wave; a wave too small
    is pooled across waves. Where groups sit in a hierarchy (``GroupKey.above``), the
    small cells are first pooled inside their service, then their directorate, before the
    organisation, so a parent's figures stay a union of whole blocks as often as they can.
    The partition depends only on the counts (and the hierarchy), so every view,
    export and API computes the same one. Partitions are nested: the blocks for a higher
    minimum (published figures, comments) are unions of the blocks for every lower one,
    so figures released at different minimums cannot be combined against each other.
    """
    items = tuple(sorted(cells.items(), key=repr))
    return _blocks(items, tuple(path(key) for key, _count in items), minimum)


def path(key: tuple) -> tuple:
    """Where a cell sits: wave, organisation, the groups above its group, its group."""
    return (*key[:2], *getattr(key[2], "above", ()), key[2])


def levels(paths: tuple) -> list:
    """The scopes small cells are pooled in, innermost first: each group level above the
    cells, (wave, organisation), wave, programme. Flat groups give the last three only."""
    depth = max((len(p) for p in paths), default=3)
    return [lambda key, n=n: path(key)[:n] for n in range(depth - 1, -1, -1)]


@cache
def _blocks(items: tuple, paths: tuple, minimum: int) -> dict[Hashable, frozenset]:
    counts = dict(items)
    if minimum <= MIN_GROUP_FLOOR:
        units = {frozenset([key]) for key, _count in items}
    else:
        units = set(_blocks(items, paths, minimum - 1).values())
    done = [b for b in units if not exposes(_people(b, counts), minimum)]
    residue = [b for b in units if exposes(_people(b, counts), minimum)]
    for level in levels(paths):
        pools: dict = {}
        for block in residue:
            pools.setdefault(_scope(block, level), []).append(block)
        residue = pools.pop(None, [])  # blocks spanning this level wait for the next
        for scope, pooled in sorted(pools.items(), key=repr):
            pool = set().union(*pooled)
            pool, done = _fill(pool, done, scope, level, counts, minimum)
            (done if _people(pool, counts) >= minimum else residue).append(frozenset(pool))
    if residue:
        done.append(frozenset().union(*residue))  # the whole programme is under the minimum
    return {key: block for block in done for key in block}


def _people(block, counts) -> int:
    return sum(counts[key] for key in block)


def _scope(block, level):
    """The block's scope at a level: its (wave, organisation), wave or the programme;
    None when its cells do not share one."""
    scopes = {level(key) for key in block}
    return scopes.pop() if len(scopes) == 1 else None


def _fill(pool: set, blocks: list, scope, level, counts, minimum) -> tuple[set, list]:
    """Add the smallest non-empty blocks of the same scope to a pool until it is big
    enough; when even all of them are not, the whole scope goes up a level."""
    candidates = sorted(
        (b for b in blocks if _people(b, counts) and _scope(b, level) == scope),
        key=lambda b: (_people(b, counts), sorted(map(repr, b))),
    )
    kept = [b for b in blocks if b not in candidates]
    while _people(pool, counts) < minimum and candidates:
        pool |= candidates.pop(0)
    return pool, kept + candidates


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
