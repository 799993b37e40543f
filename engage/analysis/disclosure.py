"""A disclosure auditor: can the released figures, combined, single out a small group?

The confidentiality engine decides slice by slice what to show, but a viewer can combine
several released figures linearly (7 - (15 - 10) = 2). Every figure sums a set of atomic
cells (its support), so the total of a set S of cells is determined exactly when 1_S lies in
the row space of the supports x atoms 0/1 matrix, i.e. is orthogonal to its nullspace. A
determined S with 1..minimum-1 people is a leak; an empty S is not.

Exactness without float tolerances: rows are reduced modulo a large prime (integers in
numpy), the nullspace is lifted to rationals and verified exactly (matrix @ null == 0). The
pivot rows are independent mod p, hence over Q, so a verified lift is the rational nullspace.
If lifting or verifying fails (large coefficients, an unlucky prime), Fractions redo it.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from itertools import product
from math import isqrt, lcm

import numpy as np

from engage.analysis.confidentiality import exposes

PRIME = 2_147_483_647  # 2^31 - 1: the product of two residues fits in an int64
BOUND = isqrt(PRIME // 2)  # rationals num/den with |num|, den <= BOUND lift uniquely
EXHAUSTIVE_PEOPLE = 14  # a component with at most this many non-empty atoms...
EXHAUSTIVE_ATOMS = 18  # ...and at most this many atoms in all is checked exhaustively
WITNESS_CAP = 8


@dataclass(frozen=True)
class Figure:
    label: str  # where it was released, e.g. "dashboard wave 3, Meridian: responses"
    cells: frozenset[Hashable]  # the atomic cells the figure sums over


@dataclass(frozen=True)
class Leak:
    cells: frozenset[Hashable]  # atomic cells whose total the released figures determine
    people: int  # 1..minimum-1
    witnesses: tuple[str, ...]  # labels of released figures whose combination gives it


@dataclass(frozen=True)
class Report:
    figures: int  # figures audited
    supports: int  # distinct non-empty sets of known atoms among them (matrix rows)
    atoms: int  # known atoms covered by at least one figure (matrix columns)
    rank: int  # rank of the matrix: how many independent totals were released
    candidates_checked: int  # sets of atoms tested for being determined
    leaks: tuple[Leak, ...]

    @property
    def ok(self) -> bool:
        return not self.leaks


def audit(
    figures: Iterable[Figure],
    atoms: Mapping[Hashable, int],
    minimum: int,
    candidates: Iterable[frozenset] = (),
) -> Report:
    """Every set of atoms, among those checked, whose people (1..minimum-1) the figures give.

    Cells missing from ``atoms`` hold no one and are dropped. The atoms split into connected
    components (linked by sharing a figure); a set spanning components is determined only
    when each part is, and parts of 0 or >= minimum people cannot add up to 1..minimum-1,
    so checking within components loses nothing. A component with at most
    EXHAUSTIVE_PEOPLE non-empty atoms and EXHAUSTIVE_ATOMS atoms is checked exhaustively:
    every non-empty subset. A larger one is checked heuristically (see ``_candidates``).
    Leaks are reported once per set of non-empty atoms, with the smallest determined set.
    """
    figures = list(figures)
    labels: dict[frozenset, str] = {}
    for figure in figures:
        support = frozenset(cell for cell in figure.cells if cell in atoms)
        if support:
            labels.setdefault(support, figure.label)
    wanted = [frozenset(cell for cell in c if cell in atoms) for c in candidates]
    rank = checked = 0
    leaks: dict[frozenset, Leak] = {}
    for supports in _components(labels):
        system = _System.build(supports, [labels[s] for s in supports], atoms)
        rank += len(system.basis)
        found, tested = system.leaks(minimum, wanted)
        checked += tested
        leaks.update((frozenset(c for c in leak.cells if atoms[c]), leak) for leak in found)
    ordered = tuple(sorted(leaks.values(), key=lambda x: (x.people, len(x.cells), x.witnesses)))
    covered = len(set().union(*labels)) if labels else 0
    return Report(len(figures), len(labels), covered, rank, checked, ordered)


def slices(atoms: Iterable[tuple[Hashable, Hashable, Hashable]]) -> Iterator[frozenset]:
    """Every distinct non-empty slice of the (wave, organisation, group) lattice.

    A slice fixes any of wave, organisation and group (None means all); a group belongs to
    one organisation, so fixing the group fixes it. Useful as audit candidates and as the
    figures a dashboard that shows every slice would release. A parent group (from
    ``GroupKey.above``) is a slice too: its own cells and those of every group inside it.
    """
    groups: dict[tuple, set] = {}
    for key in atoms:
        for mask in product((True, False), repeat=3):
            pattern = tuple(value if keep else None for value, keep in zip(key, mask, strict=True))
            if pattern[2] is None or pattern[1] is not None:  # naming the group names its owner
                groups.setdefault(pattern, set()).add(key)
        for parent in getattr(key[2], "above", ()):
            for wave in (key[0], None):
                groups.setdefault((wave, key[1], ("inside", parent)), set()).add(key)
                groups.setdefault((wave, key[1], ("inside", key[2])), set()).add(key)
    yield from dict.fromkeys(frozenset(group) for group in groups.values())


def _components(labels: Mapping[frozenset, str]) -> list[list[frozenset]]:
    """Supports grouped by connected component of their atoms (union-find), small first."""
    parent: dict[Hashable, Hashable] = {}

    def root(cell: Hashable) -> Hashable:
        while parent.setdefault(cell, cell) != cell:
            parent[cell] = parent[parent[cell]]
            cell = parent[cell]
        return cell

    for support in labels:
        first, *rest = support
        for cell in rest:
            parent[root(cell)] = root(first)
    groups: dict[Hashable, list[frozenset]] = {}
    for support in labels:
        groups.setdefault(root(next(iter(support))), []).append(support)
    return [sorted(group, key=len) for group in groups.values()]


@dataclass
class _System:
    """One component: its atoms, its released supports and their exact nullspace."""

    atoms: list[Hashable]
    people: np.ndarray  # per atom
    labels: list[str]
    matrix: np.ndarray  # supports x atoms, 0/1
    basis: list[int]  # rows of ``matrix`` spanning its row space
    pivots: list[int]  # the columns those rows reduce to
    reduced: np.ndarray  # exact reduced row echelon form of the basis (int or Fraction)
    null: np.ndarray  # atoms x nullity, exact integers; 1_S is determined iff 1_S @ null == 0
    inverse: np.ndarray | None = None  # the basis on the pivot columns, inverted mod PRIME

    @classmethod
    def build(cls, supports: list[frozenset], labels: list[str], atoms: Mapping) -> _System:
        cells = sorted(set().union(*supports), key=repr)
        index = {cell: i for i, cell in enumerate(cells)}
        matrix = np.zeros((len(supports), len(cells)), dtype=np.int64)
        for row, support in enumerate(supports):
            matrix[row, [index[cell] for cell in support]] = 1
        people = np.array([atoms[cell] for cell in cells], dtype=np.int64)
        reduced, pivots, basis, null = _exact_rref(matrix)
        return cls(cells, people, labels, matrix, basis, pivots, reduced, null)

    @cached_property
    def released(self) -> dict[frozenset[int], tuple[str]]:
        """Each support as atom positions, with its figure's label: the simplest witness."""
        rows = (frozenset(np.flatnonzero(row).tolist()) for row in self.matrix)
        return {cells: (label,) for cells, label in zip(rows, self.labels, strict=True)}

    def determined(self, vector: np.ndarray) -> bool:
        return not np.any(vector @ self.null)

    def leaks(self, minimum: int, wanted: list[frozenset]) -> tuple[list[Leak], int]:
        """The leaks in this component and how many sets were tested."""
        non_empty = int(np.count_nonzero(self.people))
        if non_empty <= EXHAUSTIVE_PEOPLE and len(self.atoms) <= EXHAUSTIVE_ATOMS:
            sets, tested = _every_subset(self, minimum)
        else:
            sets, tested = _candidates(self, minimum, wanted)
        best: dict[frozenset, tuple[frozenset, tuple[str, ...]]] = {}
        for cells, hint in sets:
            key = frozenset(self.atoms[i] for i in cells if self.people[i])
            if key not in best or len(cells) < len(best[key][0]):
                best[key] = (cells, hint)
        return [self._leak(cells, hint) for cells, hint in best.values()], tested

    def _leak(self, cells: frozenset[int], hint: tuple[str, ...]) -> Leak:
        vector = np.zeros(len(self.atoms), dtype=np.int64)
        vector[list(cells)] = 1
        witnesses = hint or self.released.get(cells)
        if not witnesses:  # the basis figures with a non-zero coefficient in 1_S
            coefficients = _solve(self, vector)
            witnesses = tuple(self.labels[self.basis[i]] for i in np.flatnonzero(coefficients))
        people = int(vector @ self.people)
        return Leak(frozenset(self.atoms[i] for i in cells), people, witnesses[:WITNESS_CAP])


def _every_subset(system: _System, minimum: int) -> tuple[list, int]:
    """All non-empty subsets of the component's atoms that are determined and expose."""
    count = len(system.atoms)
    masks = np.arange(1, 2**count, dtype=np.int64)
    bits = (masks[:, None] >> np.arange(count)) & 1
    people = bits @ system.people
    keep = (people > 0) & (people < minimum) & ~np.any(bits @ system.null, axis=1)  # exposes
    found = [(frozenset(np.flatnonzero(row).tolist()), ()) for row in bits[keep]]
    return found, len(masks)


def _candidates(system: _System, minimum: int, wanted: list[frozenset]) -> tuple[list, int]:
    """Sets checked in a component too large to enumerate: sound, not complete.

    Every reported set is proven determined. Checked: every released support; every single
    atom; every pair of atoms (except pairs of two atoms each determined alone, whose union
    can only repeat their leaks); every caller-supplied candidate (its part in this
    component); every 0/1 row of the exact reduced echelon form (a combination of figures
    that sums whole atoms); every difference A - B of two of those determined sets where A
    contains B; and, when the component's total is determined, every complement within it.
    """
    sets = list(system.released.items())
    index = {atom: i for i, atom in enumerate(system.atoms)}
    for cells in wanted:
        mine = [index[cell] for cell in cells if cell in index]
        vector = np.zeros(len(system.atoms), dtype=np.int64)
        vector[mine] = 1
        if mine and system.determined(vector):
            sets.append((frozenset(mine), ()))
    for row in system.reduced:
        if all(value in (0, 1) for value in row):
            sets.append((frozenset(np.flatnonzero(row != 0).tolist()), ()))
    sets += [(frozenset(pair), ()) for pair in _determined_pairs(system.null)]
    tested = len(sets) + len(wanted) + len(system.atoms) * (len(system.atoms) + 1) // 2
    differences = _nested_differences(system, sets, minimum)
    everything = frozenset(range(len(system.atoms)))
    if system.determined(np.ones(len(system.atoms), dtype=np.int64)):
        differences += [(everything - cells, ()) for cells, _ in sets if cells != everything]
    tested += len(differences)

    def exposing(cells: frozenset[int]) -> bool:
        return exposes(int(system.people[list(cells)].sum()), minimum)

    return [(cells, hint) for cells, hint in sets + differences if exposing(cells)], tested


def _determined_pairs(null: np.ndarray) -> Iterator[tuple[int, ...]]:
    """Atoms alone and pairs {a, b} with null[a] + null[b] == 0, found by hashing rows."""
    rows = [tuple(int(value) for value in row) for row in null]
    by_row: dict[tuple, list[int]] = {}
    for atom, row in enumerate(rows):
        by_row.setdefault(row, []).append(atom)
    for atom, row in enumerate(rows):
        if not any(row):
            yield (atom,)
            continue
        for other in by_row.get(tuple(-value for value in row), []):
            if other > atom:
                yield atom, other


def _nested_differences(system: _System, sets: list, minimum: int) -> list:
    """A - B for determined sets B inside A (both released, so their difference is too);
    containment comes from one 0/1 matrix product, exact in float32 for these sizes."""
    unique = list({cells: hint for cells, hint in sets}.items())
    rows = np.zeros((len(unique), len(system.atoms)), dtype=np.float32)
    for i, (cells, _) in enumerate(unique):
        rows[i, list(cells)] = 1
    outside = rows @ (1 - rows).T  # outside[i, j]: atoms of set i not in set j
    sizes = rows.sum(axis=1)
    inner, outer = np.nonzero((outside == 0) & (sizes[:, None] < sizes[None, :]))
    people = rows @ system.people.astype(np.float64)
    found = []
    for i, j in zip(inner.tolist(), outer.tolist(), strict=True):
        if exposes(int(people[j] - people[i]), minimum):
            hint = unique[j][1] + unique[i][1] if unique[j][1] and unique[i][1] else ()
            found.append((unique[j][0] - unique[i][0], hint))
    return found


def _solve(system: _System, vector: np.ndarray) -> np.ndarray:
    """The unique x with x @ basis rows == vector (determined), exactly: mod PRIME with
    the basis inverted on its pivot columns, lifted and verified; else over Fractions."""
    rows = system.matrix[system.basis]
    square = rows[:, system.pivots]
    size = len(square)
    if system.inverse is None:
        inverse, pivots, _ = _rref_mod_p(np.hstack([square, np.eye(size, dtype=np.int64)]))
        singular = pivots != list(range(size))  # only after a Fraction fallback
        system.inverse = np.zeros((0, 0), dtype=np.int64) if singular else inverse[:, size:]
    if len(system.inverse):
        chosen = system.inverse[np.flatnonzero(vector[system.pivots])]
        coefficients = _lift(chosen.sum(axis=0) % PRIME)
        if coefficients is not None and np.array_equal(coefficients @ rows, vector):
            return coefficients
    augmented = np.hstack([square.T, vector[system.pivots][:, None]])
    return _rref_fractions(augmented)[0][:, -1]


def _exact_rref(matrix: np.ndarray) -> tuple[np.ndarray, list[int], list[int], np.ndarray]:
    """Reduced echelon form of the basis rows, pivot columns, basis rows and nullspace,
    exact: computed mod PRIME, lifted to rationals and verified, else over Fractions."""
    residues, pivots, basis = _rref_mod_p(matrix)
    free = [column for column in range(matrix.shape[1]) if column not in set(pivots)]
    lifted = _lift(residues[:, free])
    if lifted is not None:
        reduced = np.zeros(residues.shape, dtype=lifted.dtype)
        reduced[:, free] = lifted
        reduced[range(len(pivots)), pivots] = 1
        null = _nullspace(reduced, pivots)
        if not np.any(matrix @ null):  # rank over Q is at most, so exactly, the rank mod p
            return reduced, pivots, basis, null
    reduced, pivots, basis = _rref_fractions(matrix)
    return reduced, pivots, basis, _nullspace(reduced, pivots)


def _nullspace(reduced: np.ndarray, pivots: list[int]) -> np.ndarray:
    """One integer vector per free column: 1 there, minus that column of ``reduced`` on
    the pivots, scaled to clear denominators."""
    columns = reduced.shape[1]
    free = [column for column in range(columns) if column not in set(pivots)]
    null = np.zeros((columns, len(free)), dtype=reduced.dtype)
    null[free, range(len(free))] = 1
    null[pivots, :] = -reduced[:, free]
    if null.dtype != object:
        return null
    for j in range(len(free)):
        scale = lcm(*(Fraction(value).denominator for value in null[:, j]))
        null[:, j] = [int(Fraction(value) * scale) for value in null[:, j]]
    small = not null.size or max(abs(int(value)) for value in null.flat) < 2**40
    return null.astype(np.int64) if small else null


def _rref_mod_p(matrix: np.ndarray) -> tuple[np.ndarray, list[int], list[int]]:
    """Reduced row echelon form over GF(PRIME): its non-zero rows, their pivot columns and
    the original rows that were chosen as pivots (they span the row space)."""
    work = matrix.astype(np.int64) % PRIME
    order = np.arange(len(work))
    pivots: list[int] = []
    for column in range(work.shape[1]):
        rank = len(pivots)
        if rank == len(work):
            break
        below = np.flatnonzero(work[rank:, column])
        if not len(below):
            continue
        top = rank + below[0]
        work[[rank, top]] = work[[top, rank]]
        order[[rank, top]] = order[[top, rank]]
        work[rank] = work[rank] * pow(int(work[rank, column]), PRIME - 2, PRIME) % PRIME
        others = np.flatnonzero(work[:, column])
        others = others[others != rank]
        if len(others):
            step = np.outer(work[others, column], work[rank]) % PRIME
            work[others] = (work[others] - step) % PRIME
        pivots.append(column)
    return work[: len(pivots)], pivots, order[: len(pivots)].tolist()


def _rref_fractions(matrix: np.ndarray) -> tuple[np.ndarray, list[int], list[int]]:
    """The same over Fractions: slow, exact, and only used when the modular route fails."""
    rows = [[Fraction(int(value)) for value in row] for row in matrix]
    order = list(range(len(rows)))
    pivots: list[int] = []
    for column in range(matrix.shape[1]):
        rank = len(pivots)
        top = next((i for i in range(rank, len(rows)) if rows[i][column]), None)
        if top is None:
            continue
        rows[rank], rows[top] = rows[top], rows[rank]
        order[rank], order[top] = order[top], order[rank]
        rows[rank] = [value / rows[rank][column] for value in rows[rank]]
        for i, row in enumerate(rows):
            if i != rank and row[column]:
                rows[i] = [a - row[column] * b for a, b in zip(row, rows[rank], strict=True)]
        pivots.append(column)
    reduced = np.array(rows[: len(pivots)], dtype=object).reshape(len(pivots), matrix.shape[1])
    return reduced, pivots, order[: len(pivots)]


def _lift(residues: np.ndarray) -> np.ndarray | None:
    """Rationals with these residues mod PRIME (int64 when all are small integers), or None
    when one has no num/den within BOUND. Callers verify the lift, so a wrong one is harmless."""
    signed = np.where(residues > PRIME // 2, residues - PRIME, residues).astype(np.int64)
    if not signed.size or np.abs(signed).max() <= BOUND:
        return signed
    lifted = np.empty(residues.shape, dtype=object)
    for position, value in np.ndenumerate(residues):
        lifted[position] = _rational(int(value))
        if lifted[position] is None:
            return None
    return lifted


def _rational(value: int) -> Fraction | None:
    """Wang's rational reconstruction: num/den == value mod PRIME, |num|, den <= BOUND."""
    r0, r1, s0, s1 = PRIME, value, 0, 1
    while r1 > BOUND:
        quotient = r0 // r1
        r0, r1, s0, s1 = r1, r0 - quotient * r1, s1, s0 - quotient * s1
    if s1 == 0 or abs(s1) > BOUND:
        return None
    return Fraction(r1, s1)
