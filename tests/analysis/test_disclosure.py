from itertools import combinations

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from engage.analysis import disclosure
from engage.analysis.confidentiality import (
    GroupKey,
    exposes,
    keys_are_safe,
    matches,
    release_blocks,
    slice_is_safe,
    slice_total,
)
from engage.analysis.disclosure import Figure, audit, slices

# Two waves of two organisations. In wave 2 Meridian's group B has 2 people, so the engine
# hides Meridian's wave-2 groups; but it shows Meridian's wave-2 total (7), group A over all
# waves (15) and group A in wave 1 (10): 7 - (15 - 10) = 2.
CELLS = {
    (1, "Meridian", "A"): 10,
    (2, "Meridian", "A"): 5,
    (1, "Meridian", "B"): 6,
    (2, "Meridian", "B"): 2,
    (1, "Northgate", "C"): 9,
    (2, "Northgate", "C"): 8,
    (1, "Northgate", "D"): 7,
    (2, "Northgate", "D"): 6,
}


def members(cells, selected):
    return frozenset(
        key
        for key in cells
        if all(want is None or want == have for want, have in zip(selected, key, strict=True))
    )


def every_slice(cells):
    owners = {key[2]: key[1] for key in cells}
    for wave in [None, *sorted({key[0] for key in cells})]:
        for organisation in [None, *sorted({key[1] for key in cells})]:
            for group in [None, *owners]:
                if group is None or organisation in (None, owners[group]):
                    yield wave, organisation, group


def released(cells, minimum, selections):
    """The figures the engine lets out: the slices ``slice_is_safe`` accepts."""
    return [
        Figure(f"{selected} = {slice_total(cells, selected)}", members(cells, selected))
        for selected in selections
        if slice_is_safe(cells, selected, minimum)
    ]


# What the engine released before release blocks (commit 527531b): every slice of the
# theme summary except these three, which its per-slice rule hid.
HID_BEFORE = {(1, "Meridian", "B"), (2, "Meridian", "A"), (2, "Meridian", "B")}


def released_before(cells, selections):
    """The figures the old per-slice rule let out, for the regression attacks."""
    return [
        Figure(f"{selected} = {slice_total(cells, selected)}", members(cells, selected))
        for selected in selections
        if selected not in HID_BEFORE
    ]


def theme_summary(cells):
    """Organisation and group totals for all waves, wave 1 and wave 2."""
    owners = {key[2]: key[1] for key in cells}
    for wave in (None, 1, 2):
        yield from ((wave, organisation, None) for organisation in sorted(set(owners.values())))
        yield from ((wave, owner, group) for group, owner in owners.items())


def determined(figures, atoms, cells):
    """Whether the total of ``cells`` follows from the figures, by numpy's rank (independent
    of the auditor's exact elimination; fine for tiny 0/1 matrices)."""
    order = sorted(atoms, key=repr)
    rows = np.array([[atom in f.cells for atom in order] for f in figures], dtype=float)
    target = np.array([[atom in cells for atom in order]], dtype=float)
    if not len(rows):
        return False
    rank = np.linalg.matrix_rank
    return rank(np.vstack([rows, target])) == rank(rows)


def by_label(figures, labels):
    return [f for f in figures if f.label in labels]


def test_the_theme_summary_attack_is_found_with_its_witnesses():
    figures = released_before(CELLS, theme_summary(CELLS))
    labels = {f.label for f in figures}
    assert {"(2, 'Meridian', None) = 7", "(None, 'Meridian', 'A') = 15"} <= labels
    assert "(1, 'Meridian', 'A') = 10" in labels
    assert "(2, 'Meridian', 'B') = 2" not in labels  # the engine hid it
    report = audit(figures, CELLS, 5)
    assert not report.ok
    (leak,) = report.leaks
    assert leak.cells == {(2, "Meridian", "B")} and leak.people == 2
    assert determined(by_label(figures, leak.witnesses), CELLS, leak.cells)
    assert (report.figures, report.atoms, report.rank) == (len(figures), 8, 8)


def test_withholding_one_figure_closes_the_attack():
    figures = released_before(CELLS, theme_summary(CELLS))
    kept = [f for f in figures if f.label != "(1, 'Meridian', 'A') = 10"]
    report = audit(kept, CELLS, 5)
    assert report.ok and report.rank == 7


def test_the_attack_is_found_in_a_component_too_large_to_enumerate():
    cells = dict(CELLS)
    cells.update({(wave, "Northgate", group): 9 for wave in (1, 2) for group in "EFGHIJKL"})
    figures = released_before(cells, theme_summary(cells))
    figures.append(Figure("everyone", frozenset(cells)))  # one component of 24 atoms
    leaks = audit(figures, cells, 5).leaks
    assert [(leak.cells, leak.people) for leak in leaks] == [(frozenset({(2, "Meridian", "B")}), 2)]
    assert determined(by_label(figures, leaks[0].witnesses), cells, leaks[0].cells)


def test_a_small_atom_released_directly_is_a_leak():
    atoms = {"a": 3, "b": 20}
    report = audit([Figure("a alone", frozenset({"a"}))], atoms, 5)
    assert [(leak.cells, leak.people, leak.witnesses) for leak in report.leaks] == [
        (frozenset({"a"}), 3, ("a alone",))
    ]


def test_a_parent_minus_a_sibling_is_a_leak_but_an_empty_remainder_is_not():
    atoms = {"a": 12, "b": 3, "c": 0}
    parent = Figure("parent", frozenset(atoms))
    leaks = audit([parent, Figure("a", frozenset({"a"}))], atoms, 5).leaks
    assert [(leak.people, set(leak.witnesses)) for leak in leaks] == [(3, {"parent", "a"})]
    assert leaks[0].cells == {"b", "c"}  # c is not known to be empty, so b alone is not found
    empty = audit([parent, Figure("a and b", frozenset({"a", "b"}))], atoms, 5)
    assert empty.ok  # the remainder is c, with no one in it


def test_large_groups_with_large_differences_give_nothing_away():
    atoms = {"a": 6, "b": 7, "c": 12, "d": 30}
    figures = [
        Figure("all", frozenset(atoms)),
        Figure("a", frozenset({"a"})),
        Figure("a b", frozenset({"a", "b"})),
        Figure("c d", frozenset({"c", "d"})),
    ]
    report = audit(figures, atoms, 5)
    assert report.ok and report.rank == 3 and report.supports == 4  # all = a b + c d


def test_cells_unknown_to_the_atoms_count_as_empty():
    atoms = {"a": 2, "b": 9}
    figure = Figure("a and a ghost", frozenset({"a", "ghost"}))
    report = audit([figure], atoms, 5)
    assert [leak.cells for leak in report.leaks] == [frozenset({"a"})]
    assert report.atoms == 1


def test_caller_candidates_are_checked_in_large_components():
    """16 non-empty atoms: too many to enumerate, and {a01, a07, a11} (3 people) is
    determined by no single, pair, nested difference or 0/1 echelon row; a candidate finds it."""
    people = [1, 1, 6, 2, 1, 1, 9, 1, 9, 1, 2, 1, 2, 9, 6, 6]
    atoms = {f"a{i:02d}": count for i, count in enumerate(people)}
    supports = [
        "02 04 05 08 11 15", "00 03 04 11 15", "01 03 04 06 08 13", "03 15", "04 05 09 10 15",
        "05 08", "00 01 04 06 10 14", "04 07 10 13 15", "01 02 04 05 09 12", "03 07",
        "06 10 13 14 15", "04 10 12 15", "00 02 09 11", "03 04 15",
    ]  # fmt: skip
    figures = [Figure(s, frozenset(f"a{i}" for i in s.split())) for s in supports]
    figures.append(Figure("all", frozenset(atoms)))
    hidden = frozenset({"a01", "a07", "a11"})
    assert determined(figures, atoms, hidden)
    assert not any(leak.cells <= hidden for leak in audit(figures, atoms, 5).leaks)
    report = audit(figures, atoms, 5, candidates=[hidden])
    assert (hidden, 3) in {(leak.cells, leak.people) for leak in report.leaks}


def test_slices_cover_the_lattice_once_each():
    found = list(slices(CELLS))
    assert len(found) == len(set(found))
    expected = {members(CELLS, s) for s in every_slice(CELLS)}
    assert set(found) == expected - {frozenset()}


def test_the_fraction_route_gives_the_same_answers(monkeypatch):
    """Forcing every modular lift to fail exercises the exact Fraction fallback."""
    atoms = {"a": 6, "b": 7, "c": 3, "d": 30}
    parts = ["a b c d", "a", "a b", "c d", "b c"]  # rank 4 of 4 only with "b c"; 3 without
    small = [Figure(p, frozenset(p.split())) for p in parts]
    cases = [(released(CELLS, 5, theme_summary(CELLS)), CELLS), (small, atoms), (small[:4], atoms)]
    expected = [audit(figures, cells, 5) for figures, cells in cases]
    assert expected[1].leaks and expected[2].rank == 3
    used = []
    fractions = disclosure._rref_fractions
    monkeypatch.setattr(disclosure, "BOUND", 0)
    monkeypatch.setattr(disclosure, "_rref_fractions", lambda m: used.append(m) or fractions(m))
    assert [audit(figures, cells, 5) for figures, cells in cases] == expected
    assert used


@st.composite
def programmes(draw, most=10):
    """Atoms with 0..12 people, figures over random subsets of them, and a minimum."""
    size = draw(st.integers(1, most))
    atoms = {i: draw(st.integers(0, 12)) for i in range(size)}
    subsets = st.frozensets(st.integers(0, size), min_size=1, max_size=size)
    figures = [Figure(f"f{n}", cells) for n, cells in enumerate(draw(st.lists(subsets)))]
    return atoms, figures, draw(st.integers(3, 6))


def components(figures, atoms):
    linked = {atom: {atom} for atom in atoms}
    for figure in figures:
        merged = set().union(*(linked[a] for a in figure.cells if a in atoms))
        for atom in merged:
            linked[atom] = merged
    return linked


@settings(max_examples=150)
@given(programmes())
def test_exhaustive_audit_equals_brute_force(programme):
    atoms, figures, minimum = programme
    linked = components(figures, atoms)
    expected = set()
    for size in range(1, len(atoms) + 1):
        for cells in combinations(atoms, size):
            people = sum(atoms[a] for a in cells)
            within = set(cells) <= linked[cells[0]]
            if within and exposes(people, minimum) and determined(figures, atoms, cells):
                expected.add(frozenset(a for a in cells if atoms[a]))
    report = audit(figures, atoms, minimum)
    assert {frozenset(a for a in leak.cells if atoms[a]) for leak in report.leaks} == expected
    for leak in report.leaks:
        assert leak.people == sum(atoms[a] for a in leak.cells)
        assert determined(by_label(figures, leak.witnesses), atoms, leak.cells)


@settings(max_examples=40)
@given(programmes(most=30))
def test_every_leak_found_heuristically_is_real(programme):
    atoms, figures, minimum = programme
    figures.append(Figure("everyone", frozenset(atoms)))  # one large component
    for leak in audit(figures, atoms, minimum).leaks:
        assert exposes(leak.people, minimum) and leak.people == sum(atoms[a] for a in leak.cells)
        assert determined(figures, atoms, leak.cells)
        assert len(leak.witnesses) == 8 or determined(
            by_label(figures, leak.witnesses), atoms, leak.cells
        )


@st.composite
def lattices(draw):
    """Cells of (wave, organisation, group) people, and a minimum."""
    waves, organisations = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    groups = {o: [(o, g) for g in range(draw(st.integers(1, 3)))] for o in range(organisations)}
    cells = {
        (w, o, g): draw(st.integers(0, 25)) for w in range(waves) for o in groups for g in groups[o]
    }
    return cells, draw(st.integers(3, 10))


# One organisation, two groups, two waves, minimum 9. The engine hides wave 1's group 0 (2)
# and so wave 0's group 0 (12), yet shows wave 0's total (30) and group 1 (18), and group 0
# over all waves (14): 14 - (30 - 18) = 2.
COUNTEREXAMPLE = {(0, 0, (0, 0)): 12, (0, 0, (0, 1)): 18, (1, 0, (0, 0)): 2, (1, 0, (0, 1)): 11}


@example((COUNTEREXAMPLE, 9))  # the old per-slice rule leaked 14 - (30 - 18) = 2 here
@example((CELLS, 5))
@settings(max_examples=60)
@given(lattices())
def test_the_slices_the_engine_accepts_disclose_no_one(lattice):
    cells, minimum = lattice
    figures = released(cells, minimum, every_slice(cells))
    report = audit(figures, cells, minimum, candidates=slices(cells))
    assert report.ok, report.leaks


@settings(max_examples=40)
@given(lattices(), st.data())
def test_any_sets_the_engine_accepts_disclose_no_one(lattice, data):
    """Not only lattice slices: wave ranges and export scopes are any sets of cells."""
    cells, minimum = lattice
    keys = sorted(cells, key=repr)
    sets = data.draw(st.lists(st.sets(st.sampled_from(keys), min_size=1), max_size=25))
    figures = [
        Figure(repr(sorted(chosen, key=repr)), frozenset(chosen))
        for chosen in sets
        if keys_are_safe(cells, set(chosen), minimum)
    ]
    figures += released(cells, minimum, every_slice(cells))
    assert audit(figures, cells, minimum).ok


@st.composite
def hierarchies(draw):
    """Cells of (wave, organisation, group) people where groups sit in one another
    (directorate > service > team, as ``GroupKey.above`` says), and a minimum."""
    waves, organisations = draw(st.integers(1, 2)), draw(st.integers(1, 2))
    groups = []
    for o in range(organisations):
        placed: dict[int, tuple] = {}
        for g in range(draw(st.integers(1, 5))):
            parent = draw(st.sampled_from([None, *[p for p in placed if len(placed[p]) < 2]]))
            placed[g] = () if parent is None else (*placed[parent], (o, parent))
            groups.append((o, GroupKey((o, g), placed[g])))
    cells = {(w, o, group): draw(st.integers(0, 25)) for w in range(waves) for o, group in groups}
    return cells, draw(st.integers(3, 10))


def subtree(cells, group):
    """A parent group's slice key: itself and every group inside it."""
    return frozenset(key[2] for key in cells if key[2] == group or group in key[2].above)


def every_slice_of_the_hierarchy(cells):
    yield from every_slice(cells)
    for wave in [None, *sorted({key[0] for key in cells})]:
        for group in {key[2] for key in cells}:
            yield wave, group[0], subtree(cells, group)


HIERARCHY = {  # Housing (9) holds Repairs (2) and Lettings (3); Place (8) Parks and Roads
    (0, 0, GroupKey((0, 0))): 9,
    (0, 0, GroupKey((0, 1), [(0, 0)])): 2,
    (0, 0, GroupKey((0, 2), [(0, 0)])): 3,
    (0, 0, GroupKey((0, 3))): 8,
    (0, 0, GroupKey((0, 4), [(0, 3)])): 2,
    (0, 0, GroupKey((0, 5), [(0, 3)])): 3,
}


def test_a_small_team_is_pooled_inside_its_own_service_first():
    """Flat, the four small teams make one block and neither directorate can be shown;
    pooled inside their directorates first, both can."""
    blocks = release_blocks(HIERARCHY, 5)
    repairs, lettings = (0, 0, (0, 1)), (0, 0, (0, 2))
    assert blocks[repairs] == blocks[lettings] == frozenset([repairs, lettings])
    for directorate, people in (((0, 0), 14), ((0, 3), 13)):
        selected = (None, 0, subtree(HIERARCHY, directorate))
        assert slice_is_safe(HIERARCHY, selected, 5)
        assert slice_total(HIERARCHY, selected) == people
    flat = {(w, o, tuple(g)): n for (w, o, g), n in HIERARCHY.items()}
    assert len(release_blocks(flat, 5)[repairs]) == 4
    assert not slice_is_safe(flat, (None, 0, frozenset([(0, 0), (0, 1), (0, 2)])), 5)


@example((HIERARCHY, 5))
@settings(max_examples=60)
@given(hierarchies())
def test_parent_and_child_slices_the_engine_accepts_disclose_no_one(lattice):
    """Every slice at every level of the hierarchy, with every wave and organisation
    slice, handed to the auditor together (with the parents' slices as candidates)."""
    cells, minimum = lattice
    figures = [
        Figure(f"{selected} = {slice_total(cells, selected)}", members_of(cells, selected))
        for selected in every_slice_of_the_hierarchy(cells)
        if slice_is_safe(cells, selected, minimum)
    ]
    report = audit(figures, cells, minimum, candidates=slices(cells))
    assert report.ok, report.leaks


def members_of(cells, selected):
    return frozenset(key for key in cells if matches(selected, key))
