"""The dashboard's indices by reporting group: each group over the chosen waves, hidden
with its siblings where needed, and every hidden group with the reason it is hidden."""

from __future__ import annotations

from engage.analysis import confidentiality as rules
from engage.constructs import DASHBOARD_INDICES, construct_label
from engage.models.reporting import NO_GROUP
from engage.services.reading.cells import View


def reason(view: View, key: tuple[int, int], chosen: set[int]) -> str:
    """Why a group is hidden: too few people in some wave of the range, or, though big
    enough, hidden so that a smaller sibling cannot be worked out from it."""
    smallest = min(
        (
            n
            for (wave, _org, group), n in view.cells.respondents.items()
            if group == key and wave in chosen and n > 0
        ),
        default=0,
    )
    return rules.hidden_reason(smallest, view.minimum)


def heatmap(view: View) -> dict[str, dict[str, float | None]]:
    """Construct indices by reporting group over the chosen waves. A group is hidden when
    any wave's slice of it would expose, and with its siblings when they would give it
    away; the range as a whole is then safe too, since it is a sum of safe waves."""
    dashboard, filters = view.dashboard, view.filters
    result: dict[str, dict[str, float | None]] = {}
    # An index no one was asked in these waves is absent, not a column of "hidden".
    asked = [c for c in DASHBOARD_INDICES if any(dashboard.indices.get(c, {}).values())]
    for organisation in view.programme.organisations:
        if filters.organisation_id not in (None, organisation.id):
            continue
        groups = {
            (organisation.id, group.id): group
            for group in organisation.groups
            if view.group is None
            or rules.matches((None, None, view.group), (0, 0, (organisation.id, group.id)))
        }  # a parent group's filter shows every group inside it
        # Respondents on whole-organisation links are siblings too, though never listed.
        siblings = [*groups, (organisation.id, NO_GROUP)]
        chosen = {wave.id for wave in dashboard.waves}
        in_range = {key: n for key, n in view.cells.respondents.items() if key[0] in chosen}
        totals = {group: rules.slice_total(in_range, (None, None, group)) for group in siblings}
        unsafe = {
            group
            for group in siblings
            if any(
                view.total(view.cells.respondents, (wave.id, organisation.id, group)) is None
                for wave in dashboard.waves
            )
        }
        hidden = rules.suppress_siblings(totals, view.minimum, already_hidden=unsafe)
        held = {group for wave, _org, group in view.cells.withheld if wave in chosen}
        for key, group in groups.items():
            if not totals[key] and key not in held:
                continue  # nobody answered in these waves: nothing to show, nothing hidden
            name = group.name if filters.organisation_id else f"{organisation.name}: {group.name}"
            if key in held:
                hidden.add(key)
                dashboard.group_reasons[name] = "held back: more responses than its headcount"
            elif key in hidden:
                dashboard.group_reasons[name] = reason(view, key, chosen)
            result[name] = {
                construct_label(construct): None
                if key in hidden
                else getattr(view.range_estimate(construct, key, chosen), "value", None)
                for construct in asked
            }
    return result
