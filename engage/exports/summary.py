"""The theme summary an organiser exports for a write-up, as plain data.

Everything here has already been through the confidentiality engine: a hidden figure is
``None`` and is written as "hidden", never as zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ThemeRow:
    theme: str
    comments: int | None
    share: float | None  # of comments in scope, 0-1
    net_sentiment: float | None  # % positive - % negative within the theme
    change: float | None  # share now minus share in the previous wave, points
    quotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class CountRow:
    group: str
    responses: int | None
    headcount: int | None
    rate: float | None
    in_progress: bool = False  # a wave still open: its figures so far


@dataclass(frozen=True)
class ShareRow:
    label: str
    count: int | None
    share: float | None


@dataclass(frozen=True)
class ThemeSummary:
    title: str
    scope: str
    comments: int
    respondents: int
    themes: list[ThemeRow] = field(default_factory=list)
    framings: list[ShareRow] = field(default_factory=list)
    responses: list[CountRow] = field(default_factory=list)
    method: list[str] = field(default_factory=list)
    has_previous: bool = False  # without a previous wave, change is "n/a", not hidden
    by_wave: bool = False  # responses are one row per wave (a whole-programme summary)


HIDDEN = "hidden"


def shown(value: int | None) -> int | str:
    return HIDDEN if value is None else value


def number(value: float | None, scale: float = 1.0) -> float | str:
    """Numbers stay numbers (a spreadsheet can sum them); hidden ones say so."""
    return HIDDEN if value is None else round(value * scale, 1)


NOT_APPLICABLE = "n/a"


def tables(summary: ThemeSummary) -> dict[str, tuple[list[str], list[list[object]]]]:
    """The summary as named tables (header, rows): what every writer lays out. A table
    with no rows is left out (the themes table says why it is empty instead)."""
    found = {
        "Themes": (
            [
                "Theme",
                "Comments",
                "Share of people who commented (%)",
                "Net sentiment",
                "Change from previous wave (points)",
                "Example quotes",
            ],
            [
                [
                    row.theme,
                    shown(row.comments),
                    number(row.share, 100),
                    number(row.net_sentiment),
                    number(row.change) if summary.has_previous else NOT_APPLICABLE,
                    "\n".join(row.quotes),
                ]
                for row in summary.themes
            ]
            or [["No comments yet", "", "", "", "", ""]],
        ),
        "Framings": (
            ["How transformation is understood", "Respondents", "Share (%)"],
            [[row.label, shown(row.count), number(row.share, 100)] for row in summary.framings],
        ),
        "Responses": (
            ["Wave" if summary.by_wave else "Group", "Responses", "Sent to", "Response rate (%)"],
            [
                [row.group, shown(row.responses), shown(row.headcount), number(row.rate, 100)]
                for row in summary.responses
            ],
        ),
        "Method": (["Note"], [[line] for line in summary.method]),
    }
    return {name: table for name, table in found.items() if table[1]}
