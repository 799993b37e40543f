"""Importing earlier coding in two steps, and taking imported codes away again.

A file coded elsewhere often uses another organisation's categories: imported as they
were, an NHS file's themes replaced a council's on the director's dashboard. So an upload
is only checked and *staged*; the analyst then says, for every theme name the codebook
does not know, whether it means an existing theme, becomes a new codebook theme, or is
dropped. Only that confirmation imports anything (in the background), and the mapping
travels with the job. Removing imported codes deletes the coded examples that came from
files and keeps every analyst's own recode, which lives on the comment itself.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import timedelta

from sqlalchemy import delete, func, select

from engage import database
from engage.analysis.csv_files import SourcedCode
from engage.analysis.redact import redact
from engage.domain import AuditAction, JobKind
from engage.extensions import db
from engage.models import (
    AnalysisJob,
    CodebookTheme,
    CodedExample,
    Programme,
    StagedImport,
    User,
)
from engage.models.columns import utcnow
from engage.services import analysis, audit, background, lookup, training
from engage.services.errors import FieldError

DROP, ADD, MAP = "drop", "add", "map:"
IMPORT_BATCH = 500
STAGED_FOR = timedelta(days=1)  # an upload nobody confirmed is not kept longer than this
ADDED_DESCRIPTION = "Added from an imported file of coded comments"


@dataclass(frozen=True)
class ThemeCount:
    name: str
    rows: int
    suggestion: str = ""  # the codebook theme of the same name but for case, if any


@dataclass(frozen=True)
class ImportPlan:
    """What a staged file holds, for the mapping page: nothing of it is stored yet."""

    staged_id: int
    rows: int
    with_sentiment: int
    with_themes: int
    known: list[ThemeCount]
    unknown: list[ThemeCount]
    codebook: list[str]


def stage(programme: Programme, raw: bytes) -> StagedImport:
    """Check the whole file now (the person waits for its problems) and keep it, unused,
    until the mapping is confirmed. A programme has one staged file at a time."""
    training.check_coded(raw)
    db.session.execute(delete(StagedImport).where(StagedImport.programme_id == programme.id))
    staged = StagedImport(programme_id=programme.id, payload=raw)
    db.session.add(staged)
    db.session.commit()
    return staged


def staged_in(programme: Programme, staged_id: int) -> StagedImport:
    return lookup.get_in(programme, StagedImport, staged_id)


def plan(programme: Programme, staged_id: int) -> ImportPlan:
    staged = staged_in(programme, staged_id)
    coded = training.check_coded(staged.payload)
    names = analysis.codebook_for(programme.id).names
    by_lower = {name.lower(): name for name in names}
    counts = Counter(theme for c in coded for theme in dict.fromkeys(c.themes or ()))
    themes = [
        ThemeCount(name, count, by_lower.get(name.lower(), ""))
        for name, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    return ImportPlan(
        staged.id,
        len(coded),
        sum(bool(c.sentiment) for c in coded),
        sum(bool(c.themes) for c in coded),
        [t for t in themes if t.name in names],
        [t for t in themes if t.name not in names],
        list(names),
    )


def check_choices(found: ImportPlan, choices: dict[str, str]) -> dict[str, str]:
    """Every unknown name needs a choice, and a mapping must name a codebook theme."""
    mapping = {}
    for theme in found.unknown:
        choice = choices.get(theme.name, "")
        target = choice.removeprefix(MAP)
        if choice not in (DROP, ADD) and not (choice.startswith(MAP) and target in found.codebook):
            raise FieldError(f"Choose what to do with the theme '{theme.name}'")
        if choice == ADD and len(theme.name) > 120:
            raise FieldError(f"'{theme.name[:40]}…' is too long for a theme name; map or drop it")
        mapping[theme.name] = choice
    return mapping


def confirm(
    programme: Programme, staged_id: int, choices: dict[str, str], user: User | None
) -> tuple[AnalysisJob, bool]:
    """Add the themes chosen to be added, then import in the background with the mapping.
    False: an import is already queued or running; the staged file waits for another try."""
    found = plan(programme, staged_id)
    mapping = check_choices(found, choices)
    running = background.active(programme.id, JobKind.IMPORT)
    if running is not None:
        return running, False
    staged = staged_in(programme, staged_id)
    raw = staged.payload
    added = [name for name, choice in mapping.items() if choice == ADD]
    db.session.add_all(
        CodebookTheme(
            programme_id=programme.id, name=name, description=ADDED_DESCRIPTION, phrases=[]
        )
        for name in added
    )
    audit.record(
        programme,
        user,
        AuditAction.CODES_IMPORTED,
        f"{found.rows:,} coded comments",
        describe_mapping(mapping),
    )
    db.session.delete(staged)
    db.session.commit()
    return background.start(
        programme, JobKind.IMPORT, found.rows, payload=raw, fields={"spec": {"mapping": mapping}}
    )


def describe_mapping(mapping: dict[str, str]) -> str:
    """The audit log's words for what became of each theme name the codebook lacked."""
    if not mapping:
        return "Every theme name in the file was already in the codebook."
    parts = []
    for name, choice in sorted(mapping.items()):
        if choice == DROP:
            parts.append(f"'{name}' dropped")
        elif choice == ADD:
            parts.append(f"'{name}' added to the codebook")
        else:
            parts.append(f"'{name}' counted as '{choice.removeprefix(MAP)}'")
    return "; ".join(parts)


def mapped(coded: list[SourcedCode], mapping: dict[str, str]) -> list[SourcedCode]:
    """The file's codes with the analyst's choices applied. A comment whose every theme
    was dropped is no longer coded for themes (not coded as having none), and one left
    with nothing coded at all is not imported."""
    result = []
    for code in coded:
        themes = code.themes
        if themes:
            kept = [theme_after(theme, mapping.get(theme, ADD)) for theme in themes]
            themes = tuple(dict.fromkeys(t for t in kept if t)) or None
        if code.sentiment or themes is not None or code.framing:
            result.append(replace(code, themes=themes))
    return result


def theme_after(theme: str, choice: str) -> str | None:
    if choice == DROP:
        return None
    return choice.removeprefix(MAP) if choice.startswith(MAP) else theme


def run_import(job_id: int):
    """Replace the programme's imported codes in batches; the old ones go only once every
    new one is in, and a failed or cancelled import takes its own rows away again."""
    with database.reading():
        programme_id, payload, spec = db.session.execute(
            select(AnalysisJob.programme_id, AnalysisJob.payload, AnalysisJob.spec).where(
                AnalysisJob.id == job_id
            )
        ).one()
        last_old = db.session.scalar(
            select(func.max(CodedExample.id)).where(CodedExample.programme_id == programme_id)
        )
        db.session.rollback()
    coded = mapped(training.check_coded(payload or b""), (spec or {}).get("mapping", {}))
    background.progress(job_id, 0, len(coded))
    mine = (CodedExample.programme_id == programme_id) & (CodedExample.id > (last_old or 0))
    try:
        for start in range(0, len(coded), IMPORT_BATCH):
            batch = coded[start : start + IMPORT_BATCH]
            db.session.add_all(example(programme_id, c) for c in batch)
            background.progress(job_id, start + len(batch))
    except BaseException:
        db.session.rollback()
        db.session.execute(delete(CodedExample).where(mine))
        db.session.commit()
        raise
    db.session.execute(
        delete(CodedExample).where(
            CodedExample.programme_id == programme_id, CodedExample.id <= (last_old or 0)
        )
    )
    db.session.commit()
    return lambda: training.start_training(db.session.get(Programme, programme_id))


def example(programme_id: int, c: SourcedCode) -> CodedExample:
    return CodedExample(
        programme_id=programme_id,
        source_id=c.source_id[:120],
        text=redact(c.text),  # coded copies are kept redacted, like every comment
        question=c.question[:500],
        sentiment=c.sentiment,
        themes=list(c.themes) if c.themes is not None else None,
        framing=c.framing,
    )


def discard(programme: Programme, staged_id: int) -> None:
    db.session.delete(staged_in(programme, staged_id))
    db.session.commit()


def purge_staged() -> int:
    """Forget uploads left unconfirmed for ``STAGED_FOR`` (the daily purge runs this)."""
    with database.writing():
        db.session.rollback()
        removed = db.session.execute(
            delete(StagedImport).where(StagedImport.created_at < utcnow() - STAGED_FOR)
        ).rowcount
        db.session.commit()
    return removed


def imported_count(programme: Programme) -> int:
    return db.session.scalar(select(func.count()).where(CodedExample.programme_id == programme.id))


def remove_imported(programme: Programme, user: User | None) -> int:
    """Delete every coded example that came from a file; analysts' recodes stay (they are
    on the comments). The model in use is not changed: that is the analyst's next choice."""
    removed = db.session.execute(
        delete(CodedExample).where(CodedExample.programme_id == programme.id)
    ).rowcount
    audit.record(programme, user, AuditAction.CODES_REMOVED, f"{removed:,} imported coded comments")
    db.session.commit()
    return removed


def confirm_adding_unknown(
    programme: Programme, raw: bytes, choices: dict[str, str] | None = None
) -> tuple[AnalysisJob, bool]:
    """Stage a coded file and confirm it at once, adding every theme the codebook lacks
    unless ``choices`` says otherwise: what an analyst who accepts every suggestion does
    (the benchmarks and the tests' builders use it)."""
    staged = stage(programme, raw)
    wanted = {theme.name: ADD for theme in plan(programme, staged.id).unknown}
    return confirm(programme, staged.id, wanted | (choices or {}), None)
