"""Theme codebooks and matching comments to them with no training data.

A phrase ending in ``*`` matches any word that starts with it ("contract*" matches
"contractor"). A phrase starting with ``-`` is an exception: words it matches do not count
for the theme ("system*, -rota system*" tags "the new system" but not "the rota system").
Phrases are escaped before they become patterns, so an organiser's theme can never be a
regular expression (no ReDoS from a codebook).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Theme:
    name: str
    description: str = ""
    phrases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Codebook:
    themes: tuple[Theme, ...]
    patterns: dict[str, re.Pattern] = field(init=False, repr=False, compare=False)
    exceptions: dict[str, re.Pattern] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        included = {theme.name: signals(theme.phrases) for theme in self.themes}
        excluded = {theme.name: exceptions(theme.phrases) for theme in self.themes}
        object.__setattr__(
            self,
            "patterns",
            {name: compile_phrases(phrases) for name, phrases in included.items() if phrases},
        )
        object.__setattr__(
            self,
            "exceptions",
            {name: compile_phrases(phrases) for name, phrases in excluded.items() if phrases},
        )

    @property
    def names(self) -> list[str]:
        return [theme.name for theme in self.themes]

    def match(self, normalised_text: str) -> list[str]:
        lowered = normalised_text.lower()
        return [name for name, pattern in self.patterns.items() if self.hits(name, lowered)]

    def hits(self, name: str, lowered: str) -> bool:
        """Whether the theme's phrases occur once its exceptions are blanked out (with
        spaces, so one phrase never joins the words either side of an exception)."""
        exception = self.exceptions.get(name)
        if exception is not None:
            lowered = exception.sub(lambda found: " " * len(found.group()), lowered)
        return self.patterns[name].search(lowered) is not None


def signals(phrases: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(p for p in phrases if not p.strip().startswith("-"))


def exceptions(phrases: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(p.strip()[1:] for p in phrases if p.strip().startswith("-") and p.strip()[1:])


def compile_phrases(phrases: tuple[str, ...]) -> re.Pattern:
    parts = []
    for phrase in phrases:
        phrase = phrase.strip().lower()
        if not phrase:
            continue
        stem = phrase.endswith("*")
        body = r"\s+".join(re.escape(word) for word in phrase.rstrip("*").split())
        parts.append(body + (r"\w*" if stem else r"(?!\w)"))
    # Look-arounds rather than \b, so phrases that end in punctuation ("c++") still match.
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")")


def theme(name: str, description: str, phrases: str) -> Theme:
    return Theme(name, description, tuple(p.strip() for p in phrases.split(",") if p.strip()))


# Written from the seed documents' worries: what staff and partners say about transformation.
DEFAULT_CODEBOOK = Codebook(
    (
        theme(
            "Communication and language",
            "Explaining the changes, jargon, updates",
            "communicat*, explain*, jargon, language, plain english, update*, briefing*, "
            "informed, inform*, -informal*, unclear, clarity, message*, told us, listen*",
        ),
        theme(
            "Cost cutting",
            "Transformation read as cuts and savings",
            "cost cutting, cuts, cut back*, saving*, budget*, austerity, cheaper, money, "
            "efficiency savings, financial pressure*, was cut, were cut, been cut, "
            # money spent, rising or well used is not cutting (see cues.MONEY_NOT_CUTS)
            "-great value for money, -good value for money, -value for money, -good value, "
            "-great value, -money well spent, -more money, "
            "-extra money, -budget for, -budgets for, -budget has gone up, -budget went up",
        ),
        theme(
            "Culture change",
            "Attitudes, values, morale",
            "culture, mindset*, attitude*, values, behaviour*, morale, blame culture",
        ),
        theme(
            "New ways of working",
            "Processes, operating model, working differently",
            "new ways of working, ways of working, working differently, process*, "
            "operating model, hybrid, agile, joined-up, joined up, hand-off*, handoff*",
        ),
        theme(
            "Customer improvement",
            "Better services for residents",
            "resident*, customer*, service user*, citizen*, public, -public sector, "
            "-public money, -public purse, first time, better service*, experience, "
            "-in my experience, -experienced",
        ),
        theme(
            "Contract management",
            "Specifying, monitoring and managing the contract",
            "contract manag*, contract*, specification*, kpi*, performance indicator*, "
            "monitoring, variation*, service level*",
        ),
        theme(
            "Procurement",
            "Buying, tendering, suppliers",
            "procure*, tender*, supplier*, purchas*, commissioning, buying",
        ),
        theme(
            "Partnership trust",
            "How far the partners trust each other",
            "trust*, -trustee*, partner*, relationship*, goodwill, openness, honesty, "
            "dishonest*, honest with, honest about, not honest, open book, "
            "one team, them and us, us and them",
        ),
        theme(
            "Incentives",
            "What each side is rewarded for",
            "incentive*, reward*, -rewarding, penalt*, bonus*, paid for, payment*",
        ),
        theme(
            "Shared outcomes",
            "Agreeing and working to common outcomes",
            "outcome*, shared goal*, common goal*, same goal*, objective*, shared aim*",
        ),
        theme(
            "Value for money",
            "Price, cost and value",
            "value for money, pricing, price*, unit cost*, expensive, overcharg*, cost*, "
            "-cost cutting, -cost-cutting, -cost cuts, -at all costs, -at any cost",
        ),
        theme(
            "Innovation",
            "New ideas and room to try them",
            "innovat*, new idea*, creativ*, experiment*, pilot*, try new",
        ),
        theme(
            "Flexibility",
            "Room to adapt without renegotiating",
            "flexib*, adapt*, rigid*, change request*",
        ),
        theme(
            "Workload",
            "Capacity, pressure and time",
            "workload*, overwork*, stretched, capacity, short staffed, understaffed, "
            "too much work, pressure*, -financial pressure*, -budget pressure*, no time, "
            "more staff, staffing",
        ),
        theme(
            "Leadership",
            "Managers and senior leaders",
            "leader*, manager*, management, -contract management, senior*, director*, "
            "-directorate*, executive*",
        ),
        theme(
            "Collaboration with neighbouring authorities",
            "Working with nearby councils",
            "neighbouring, neighbour*, other councils, nearby councils, shared service*, "
            "combined authority",
        ),
        theme(
            "Technology",
            "Systems, digital and online services",
            "technolog*, digital*, system*, software, online, computer*, laptop*, app, apps, "
            "it system*, website*, online forms, web forms, e-forms, "
            "-rota system*, -points system*, -buddy system*, -appraisal system*, "
            "-system of, -the whole system, -care system*, -benefits system*, -school system*",
        ),
        theme(
            "Interim managers and consultants",
            "Temporary leaders and outside advisers",
            "interim*, consultant*, agency staff, contractors",
        ),
        theme(
            "Training and skills",
            "Learning the new ways",
            "training, trained, skill*, learn*, -learning disabilit*, -lessons learn*, upskill*",
        ),
        theme(
            "Jobs and restructuring",
            "Posts, restructures and job security",
            "job*, -good job, -great job, -brilliant job, -job done, -fantastic job, "
            "-excellent job, -amazing job, -a job of, redundanc*, restructur*, posts, "
            "job loss*, structure chart*",
        ),
    )
)
