import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from engage.analysis import confidentiality as c
from engage.analysis.confidentiality import exposes, slice_is_safe, slice_total

minimums = st.integers(3, 10)
sibling_counts = st.dictionaries(
    st.text(min_size=1, max_size=3), st.integers(0, 40), min_size=1, max_size=8
)


def test_thresholds_have_a_floor_and_sane_defaults():
    assert c.Thresholds() == c.Thresholds(5, 10, 10)
    with pytest.raises(ValueError, match="never below 3"):
        c.Thresholds(scores=2)
    with pytest.raises(ValueError):
        c.Thresholds(scores=6, comments=5)


def test_a_small_group_and_the_sibling_that_would_expose_it_are_hidden():
    hidden = c.suppress_siblings({"ICT": 3, "Finance": 12, "Contact centre": 40}, 5)
    assert hidden == {"ICT", "Finance"}  # 3 + 12 >= 5; hiding ICT alone is subtractable


def test_nothing_is_hidden_when_every_group_is_large_enough():
    assert c.suppress_siblings({"a": 5, "b": 9}, 5) == set()
    assert c.suppress_siblings({"a": 0, "b": 9}, 5) == set()  # an empty group exposes no one


def test_a_parent_with_unlisted_people_is_protected_too():
    # Parent 20, children 10 + 8 shown: 2 people are in no listed group and would be exposed.
    hidden = c.suppress_siblings({"a": 10, "b": 8}, 5, parent=20)
    assert hidden and not c.exposes(
        20 - sum(v for k, v in {"a": 10, "b": 8}.items() if k not in hidden), 5
    )


@given(sibling_counts, minimums)
def test_no_visible_group_and_no_subtraction_reveals_fewer_than_the_minimum(counts, minimum):
    hidden = c.suppress_siblings(counts, minimum)
    visible = {key: value for key, value in counts.items() if key not in hidden}
    assert all(not c.exposes(value, minimum) for value in visible.values())
    total = sum(counts.values())
    remainder = total - sum(visible.values())
    if not c.exposes(total, minimum):  # whenever the parent total may be shown...
        assert not c.exposes(remainder, minimum)  # ...subtraction reveals no small group
        assert c.parent_is_safe(total, counts, hidden, minimum)


@example({"a": 0}, 3, 2)
@given(sibling_counts, minimums, st.integers(0, 30))
def test_a_shown_parent_never_reveals_unlisted_people(counts, minimum, unlisted):
    parent = sum(counts.values()) + unlisted
    hidden = c.suppress_siblings(counts, minimum, parent=parent)
    visible_sum = sum(value for key, value in counts.items() if key not in hidden)
    if not c.exposes(parent, minimum):  # a parent under the minimum is itself hidden
        assert not c.exposes(parent - visible_sum, minimum)
    else:
        assert not c.parent_is_safe(parent, counts, hidden, minimum)


@given(st.integers(0, 10_000))
def test_published_counts_round_to_five(count):
    rounded = c.round_published(count)
    assert rounded % 5 == 0 and abs(rounded - count) <= 2.5


@given(st.integers(0, 60), st.integers(0, 60), minimums)
def test_wave_changes_never_single_out_a_few_people(before, after, minimum):
    if c.wave_change_safe(before, after, minimum):
        assert before >= minimum and after >= minimum
        assert not c.exposes(abs(after - before), minimum)


@st.composite
def sliced_programmes(draw):
    """Cells of (wave, organisation, group) people, and a minimum."""
    waves, organisations = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    groups = {o: [(o, g) for g in range(draw(st.integers(1, 3)))] for o in range(organisations)}
    cells = {
        (w, o, g): draw(st.integers(0, 25)) for w in range(waves) for o in groups for g in groups[o]
    }
    return cells, draw(st.integers(3, 10))


def every_slice(cells):
    owners = {key[2]: key[1] for key in cells}
    for wave in [None, *{key[0] for key in cells}]:
        for organisation in [None, *{key[1] for key in cells}]:
            for group in [None, *owners]:
                if group is None or organisation in (None, owners[group]):
                    yield wave, organisation, group


@given(sliced_programmes())
def test_no_shown_slice_minus_another_reveals_a_small_group(programme):
    cells, minimum = programme

    def members(selected):
        return {
            key
            for key in cells
            if all(want is None or want == have for want, have in zip(selected, key, strict=True))
        }

    shown = [s for s in every_slice(cells) if slice_is_safe(cells, s, minimum)]
    assert all(slice_total(cells, s) >= minimum for s in shown)
    for parent in shown:
        for child in shown:
            if members(child) < members(parent):
                difference = slice_total(cells, parent) - slice_total(cells, child)
                assert not exposes(difference, minimum), (parent, child, difference)


@given(sliced_programmes(), st.integers(3, 12), st.integers(0, 6))
def test_release_blocks_are_big_enough_and_nested_across_minimums(programme, low, step):
    cells, _minimum = programme
    high = low + step
    fine, coarse = c.release_blocks(cells, low), c.release_blocks(cells, high)
    total = sum(cells.values())
    for key, block in coarse.items():
        people = sum(cells[k] for k in block)
        assert people == 0 or people >= high or people == total  # all under: one block
        assert fine[key] <= block  # a coarse block is a union of fine blocks


@given(sliced_programmes())
def test_figures_released_at_two_minimums_combine_to_nothing_small(programme):
    """A director's page (minimum 5) beside a published file (10): still nothing under 5."""
    from engage.analysis.disclosure import Figure, audit, slices

    cells, minimum = programme
    figures = [
        Figure(f"{chosen} at {m}", members)
        for m in (minimum, max(minimum, 10))
        for chosen, members in ((s, s) for s in slices(cells))
        if c.keys_are_safe(cells, set(members), m)
    ]
    assert audit(figures, cells, minimum).ok
