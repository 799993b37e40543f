"""The directors' dashboard as a JSON document, for the API. A pure serializer.

It takes the figures the insights service has already passed through the
confidentiality engine, so a hidden figure is ``null`` here exactly where a page says
"hidden". Series are lists aligned with ``waves``; snapshots (framings by organisation, the
statements side by side, sentiment within themes) are of the latest wave with answers.
Intervals that are unbounded (one person, or a change against a single answer) have
``null`` ends.
"""

from __future__ import annotations

import math
from typing import Any

HIDDEN_MEANS = (
    "null: hidden, because it stands for fewer people than the minimum or "
    "would let a hidden group be worked out by subtraction"
)


def rounded(value: float | None, places: int = 2) -> float | None:
    return None if value is None or not math.isfinite(value) else round(float(value), places)


def estimate(value) -> dict[str, Any] | None:
    if value is None:
        return None
    return {
        "value": rounded(value.value),
        "low": rounded(value.low),
        "high": rounded(value.high),
        "beyond_noise": bool(value.excludes_zero),
    }


def series(by_wave: dict, wave_ids: list[int], convert=rounded) -> list:
    return [convert(by_wave.get(wave_id)) for wave_id in wave_ids]


def dashboard_document(dashboard) -> dict[str, Any]:
    wave_ids = [wave.id for wave in dashboard.waves]
    return {
        "programme": dashboard.slug,
        "survey": dashboard.survey.title if dashboard.survey else None,
        "minimum_group_size": dashboard.minimum,
        "hidden": HIDDEN_MEANS,
        "waves": [
            {
                "id": wave.id,
                "number": wave.number,
                "label": wave.label,
                "opens_on": wave.opens_on.isoformat(),
                "in_progress": wave.in_progress,
            }
            for wave in dashboard.waves
        ],
        # An open wave's figures move only in steps of at least the minimum of new people.
        "groups_withheld": dashboard.withheld,  # over their headcount, held as last released
        "open_waves_released_at": (
            dashboard.released_at.isoformat(timespec="minutes") if dashboard.released_at else None
        ),
        # Seconds since the figures last included every stored response (0: they do now).
        "figures_behind_seconds": round(dashboard.behind, 1),
        "latest_closed_wave": dashboard.latest.id if dashboard.latest else None,
        "revisions": [
            {"on": r.on.isoformat(), "reason": r.reason, "changes": list(r.changes), "more": r.more}
            for r in dashboard.revised
        ],
        "story": [
            {"text": s.text, "chart": s.chart, "needs_attention": s.attention}
            for s in dashboard.story
        ],
        "responses": [dashboard.responses.get(wave_id) for wave_id in wave_ids],
        "response_rates": series(dashboard.rates, wave_ids, lambda v: rounded(v, 4)),
        "indices": {
            construct: series(by_wave, wave_ids, estimate)
            for construct, by_wave in dashboard.indices.items()
        },
        "changes_since_previous_wave": [
            {"index": name, **estimate(change)} for name, change in dashboard.changes
        ],
        "net_sentiment": series(dashboard.net_sentiment, wave_ids),
        "framings": {
            name: series(by_wave, wave_ids, lambda v: rounded(v, 4))
            for name, by_wave in dashboard.framings.items()
        },
        "framings_by_organisation": {
            side: {option: rounded(value, 4) for option, value in row.items()}
            for side, row in dashboard.framings_by_organisation.items()
        },
        "partnership_mirror": {
            name: series(by_wave, wave_ids, estimate) for name, by_wave in dashboard.mirror.items()
        },
        "trust_gap": series(dashboard.gap, wave_ids, estimate),
        "partnership_mirror_items": {
            item: {side: estimate(value) for side, value in row.items()}
            for item, row in dashboard.mirror_items.items()
        },
        "themes": {
            name: series(by_wave, wave_ids, lambda v: rounded(v, 4))
            for name, by_wave in dashboard.themes.items()
        },
        "theme_sentiment": {
            name: rounded(value) for name, value in dashboard.theme_sentiment.items()
        },
        "theme_changes": [
            {"theme": name, **estimate(change)} for name, change in dashboard.theme_changes
        ],
        "groups": {
            name: {construct: rounded(value) for construct, value in row.items()}
            for name, row in dashboard.groups.items()
        },
    }
