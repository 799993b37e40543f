"""The "what we heard" summary of one roundtable, as plain data, and its words.

A roundtable is reported for the session as a whole: nothing here is split by
organisation or team. Everything has already been through the read side; a question
whose answers are held back carries the plain reason instead of quotes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Agreement:
    """One "agree or disagree" statement: how many of those who answered chose each side."""

    statement: str
    agreed: int
    neither: int
    disagreed: int
    dont_know: int = 0

    @property
    def answered(self) -> int:
        return self.agreed + self.neither + self.disagreed


@dataclass(frozen=True)
class Vote:
    option: str
    votes: int


@dataclass(frozen=True)
class ThemeGroup:
    """Answers to one question that share a theme: how many people, and their words."""

    theme: str
    people: int
    quotes: tuple[str, ...]


@dataclass(frozen=True)
class OpenQuestion:
    question: str
    groups: tuple[ThemeGroup, ...] = ()
    held_back: str = ""  # why the answers are not shown, in plain words


@dataclass(frozen=True)
class RoundtableSummary:
    title: str
    survey: str
    session: str  # the session's name and date
    held_on: date
    people: int | None  # None: too few answered to show anything
    opening: str
    agreement: list[Agreement] = field(default_factory=list)
    vote_question: str = ""
    votes: list[Vote] = field(default_factory=list)
    questions: list[OpenQuestion] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)
    next_question: OpenQuestion | None = None  # "What should happen next?" answers
    method: list[str] = field(default_factory=list)


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "n/a"


def tables(summary: RoundtableSummary) -> dict[str, tuple[list[str], list[list[object]]]]:
    """The summary as named tables for spreadsheets and CSV; empty tables are left out."""
    result: dict[str, tuple[list[str], list[list[object]]]] = {
        "Summary": (["What we heard"], [[summary.opening]]),
    }
    if summary.agreement:
        result["Ratings"] = (
            ["Statement", "Agreed", "Neither", "Disagreed", "Don't know", "Answered"],
            [
                [row.statement, row.agreed, row.neither, row.disagreed, row.dont_know, row.answered]
                for row in summary.agreement
            ],
        )
    if summary.votes:
        result["Priorities"] = (
            ["Rank", summary.vote_question, "Votes"],
            [[rank, row.option, row.votes] for rank, row in enumerate(summary.votes, 1)],
        )
    rows = comment_rows([*summary.questions, *filter(None, [summary.next_question])])
    if rows:
        result["Comments"] = (["Question", "Theme", "People", "Quote"], rows)
    if summary.next_steps:
        result["Next steps"] = (["What happens next"], [[line] for line in summary.next_steps])
    result["About"] = (["Note"], [[line] for line in summary.method])
    return result


def comment_rows(questions: list[OpenQuestion]) -> list[list[object]]:
    rows: list[list[object]] = []
    for item in questions:
        if item.held_back:
            rows.append([item.question, "", "", item.held_back])
        for group in item.groups:
            quotes = group.quotes or ("(quoted under another theme)",)
            rows.extend([item.question, group.theme, group.people, q] for q in quotes)
    return rows


def opening(
    people: int,
    agreement: list[Agreement],
    votes: list[Vote],
    themes: list[tuple[str, int]],
    quotes_held: bool,
) -> str:
    """The paragraph at the top, written from the figures: who answered, what the room
    rated, its priority order and the themes raised most."""
    sentences = [f"{people} people at the session answered the feedback form."]
    rated = [
        f"{row.agreed} of {row.answered} agreed that {statement_clause(row.statement)}"
        for row in agreement[:2]
        if row.answered
    ]
    if rated:
        sentences.append(join(rated) + ".")
    if votes:
        order = [f"{votes[0].option.lower()} ({votes[0].votes} votes)"]
        order += [f"{vote.option.lower()} ({vote.votes})" for vote in votes[1:3]]
        sentences.append(
            f"Asked what should come first, the room put {order[0]} first"
            + (f", then {join(order[1:])}." if len(order) > 1 else ".")
        )
    if themes:
        named = [f"{theme.lower()} ({count} people)" for theme, count in themes[:3]]
        sentences.append(f"The points raised most often were about {join(named)}.")
    elif quotes_held:
        sentences.append("Too few people wrote answers for them to be quoted here.")
    return " ".join(sentences)


def statement_clause(statement: str) -> str:
    """ "The session was a good use of my time." -> "the session was a good use of their
    time": a statement in the first person read back in the third."""
    words = statement.strip().rstrip(".").split()
    swap = {"my": "their", "I": "they", "me": "them", "us": "them", "our": "their"}
    words = [swap.get(word, word) for word in words]
    if words and not words[0].isupper():  # keep an acronym ("ICT ...") as it is
        words[0] = words[0][:1].lower() + words[0][1:]
    return " ".join(words)


def join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
