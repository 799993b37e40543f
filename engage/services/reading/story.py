"""The dashboard's opening: what changed, which themes moved, the trust gap and what needs
attention, in plain sentences with their numbers, each pointing at its chart.

Written only from the ``Dashboard``'s figures, which already passed the confidentiality
engine: a sentence can say nothing a chart below it does not show. Waves in progress never
appear here; the dashboard's "latest" is the latest closed wave.
"""

from __future__ import annotations

from dataclasses import dataclass

from engage.analysis.metrics import Estimate
from engage.domain import OrganisationKind

LOW_RATE = 0.5  # below half the headcount, a wave's figures speak for few
THEMES_NAMED = 2


@dataclass(frozen=True)
class Sentence:
    text: str
    chart: str  # the key of the chart that shows it
    attention: bool = False


def points(change: Estimate) -> str:
    return f"{signed(change.value)}, 95% interval {change.low:+.0f} to {change.high:+.0f}"


def signed(value: float) -> str:
    """ "+1 point", "-6 points": the unit agrees with the number as shown."""
    shown = f"{value:+.0f}"
    return f"{shown} point" if shown in ("+1", "-1") else f"{shown} points"


def moved(label: str, change: Estimate, since: str, now: float) -> str:
    verb = "rose" if change.value > 0 else "fell"
    before = now - change.value
    return f"{label} {verb} from {before:.0f} to {now:.0f} since {since} ({points(change)})."


def index_sentences(dashboard, changes, since, chart: str = "indices") -> list[Sentence]:
    """One sentence per index that moved beyond noise, or one saying none did."""
    if since is None or dashboard.latest is None:
        return []
    beyond = [(label, change) for label, change in changes if change.excludes_zero]
    if not beyond:
        between = f"{since.label} and {dashboard.latest.label}"
        return [Sentence(f"No index changed beyond noise between {between}.", chart)]
    return [
        Sentence(
            moved(label, change, since.label, dashboard.latest_index(label)),
            chart,
            attention=change.value < 0,
        )
        for label, change in beyond
    ]


def theme_sentence(dashboard) -> list[Sentence]:
    """The themes rising and falling most since the previous closed wave."""
    changes = sorted(dashboard.theme_changes, key=lambda item: item[1].value)
    rising = [(n, c) for n, c in reversed(changes) if c.value > 0][:THEMES_NAMED]
    falling = [(n, c) for n, c in changes if c.value < 0][:THEMES_NAMED]

    def named(items) -> str:
        return " and ".join(
            f"{name} ({signed(change.value)}{'' if change.excludes_zero else ', within noise'})"
            for name, change in items
        )

    parts = []
    if rising:
        parts.append(f"Rising most: {named(rising)}.")
    if falling:
        parts.append(f"Falling most: {named(falling)}.")
    return [Sentence(" ".join(parts), "theme-changes")] if parts else []


def gap_sentence(dashboard) -> list[Sentence]:
    """Which side trusts the partnership less in the latest closed wave, and by how much."""
    latest = dashboard.latest
    gap = dashboard.gap.get(latest.id) if latest else None
    if gap is None:
        return []
    kinds = {o.name: o.kind for o in dashboard.choices.organisations}
    sides = {kinds.get(name): by_wave.get(latest.id) for name, by_wave in dashboard.mirror.items()}
    names = {kind: name for name, kind in kinds.items() if kind in sides}
    council, partner = OrganisationKind.COUNCIL, OrganisationKind.PRIVATE_PARTNER
    lower, higher = (council, partner) if gap.value < 0 else (partner, council)
    near, far = sorted((abs(gap.low), abs(gap.high)))
    text = (
        f"In {latest.label}, {names[lower]} trusts the partnership less than {names[higher]}: "
        f"{sides[lower].value:.0f} against {sides[higher].value:.0f}, a gap of "
        f"{abs(gap.value):.0f} points (95% interval {near:.0f} to {far:.0f})."
        if gap.excludes_zero
        else f"In {latest.label}, the two sides' trust in the partnership "
        f"({sides[council].value:.0f} and {sides[partner].value:.0f}) differs by no more "
        "than noise."
    )
    return [Sentence(text, "mirror", attention=gap.excludes_zero)]


def attention_sentences(dashboard) -> list[Sentence]:
    """What a director should look at: a low response rate, negative comments, the lowest
    group on each index and groups held back for going over their headcount."""
    found = []
    latest = dashboard.latest
    rate = dashboard.rates.get(latest.id) if latest else None
    if rate is not None and rate < LOW_RATE and not dashboard.survey.one_session:
        found.append(
            Sentence(
                f"Only {100 * rate:.0f}% of the headcount answered {latest.label}: its figures "
                "speak for fewer than half of the people asked.",
                "responses",
                True,
            )
        )
    net = dashboard.net_sentiment.get(latest.id) if latest else None
    if net is not None and net < 0:
        found.append(
            Sentence(
                f"Comments in {latest.label} were more negative than positive "
                f"(net sentiment {net:+.0f}).",
                "sentiment",
                True,
            )
        )
    found += lowest_groups(dashboard)
    if dashboard.withheld:
        found.append(
            Sentence(
                f"{dashboard.withheld} group{'s' if dashboard.withheld != 1 else ''} had more "
                "responses than people: a programme admin should check the headcount.",
                "responses",
                True,
            )
        )
    return found


def lowest_groups(dashboard) -> list[Sentence]:
    """The lowest shown group on each index, when groups differ by 10 points or more."""
    found = []
    constructs = list(next(iter(dashboard.groups.values()), {}))
    for construct in constructs:
        shown = {
            name: row[construct]
            for name, row in dashboard.groups.items()
            if row.get(construct) is not None
        }
        if len(shown) < 2 or max(shown.values()) - min(shown.values()) < 10:
            continue
        name = min(shown, key=shown.get)
        found.append(
            Sentence(
                f"Lowest on {construct.lower()}: {name} ({shown[name]:.0f}, against "
                f"{max(shown.values()):.0f} for the highest group).",
                "groups",
                True,
            )
        )
    return found


def tell(dashboard) -> list[Sentence]:
    """Every sentence of the opening, most important first."""
    first = dashboard.first
    sentences = index_sentences(dashboard, dashboard.changes, dashboard.previous)
    if first is not None and first != dashboard.previous:
        sentences += index_sentences(dashboard, dashboard.since_first, first)
    return (
        sentences
        + theme_sentence(dashboard)
        + gap_sentence(dashboard)
        + attention_sentences(dashboard)
    )
