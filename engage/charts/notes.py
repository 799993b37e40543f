"""Notes under the dashboard's charts that say what a figure leaves out."""

from __future__ import annotations


def welsh_note(dashboard, waves, labels) -> str:
    """Sentiment is read by English rules and models only, so comments in Welsh are kept,
    counted and listed but given no sentiment, and this says how many that left out."""
    note = (
        "Comments written in Welsh are counted and listed but not given a sentiment "
        "(not analysed: Welsh), so net sentiment leaves them out."
    )
    counts = [
        f"{label}: {dashboard.welsh_comments[wave.id]} people"
        for wave, label in zip(waves, labels, strict=True)
        if wave.id in dashboard.welsh_comments
    ]
    return f"{note} Left out: {'; '.join(counts)}." if counts else note
