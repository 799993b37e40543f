"""Imports in two steps and models switched only by the analyst (issue 13, point 4)."""

from datetime import date

import pytest
from sqlalchemy import func, select

from engage.domain import AuditAction
from engage.extensions import db
from engage.models import (
    AnalysisJob,
    AuditEvent,
    CodebookTheme,
    CodedExample,
    CommentAnalysis,
    FigureRevision,
    ProgrammeModel,
    StagedImport,
)
from engage.services import analysis, comments, imports, model_choice, training
from engage.services.errors import FieldError, NotFound
from engage.services.reading import dashboard as insights
from tests.analysis.test_engine import coded_comments
from tests.builders import build_world, closed_wave_of_bins, import_codes, switch_to_candidate
from tests.services.test_training import coded_csv

# Written for this test: another organisation's categories, none in Engage's codebook.
FOREIGN = (
    b"id,text,question,sentiment,themes\n"
    b"1,The ward was clean and calm,,positive,Environment of care;Cleanliness\n"
    b"2,Waited four hours in reception,,negative,Waiting times\n"
    b"3,Reception staff were kind,,positive,Staff attitude;Waiting times\n"
    b"4,Nobody told me about my appointment,,,Communication\n"
    b"5,Parking was impossible again,,negative,Transport and parking;Staff attitude\n"
    b"6,The food was cold,,negative,Catering\n"
)


def rows_stored() -> dict[str, int]:
    return {
        table.__name__: db.session.scalar(select(func.count()).select_from(table))
        for table in (CodedExample, ProgrammeModel, AnalysisJob, AuditEvent)
    }


def test_a_file_of_foreign_theme_names_stores_nothing_until_each_name_is_mapped(admin):
    world = build_world(admin)
    codebook = analysis.codebook_for(world.programme.id).names
    before = rows_stored()
    staged = imports.stage(world.programme, FOREIGN)
    plan = imports.plan(world.programme, staged.id)
    assert rows_stored() == before and before["CodedExample"] == 0
    assert analysis.codebook_for(world.programme.id).names == codebook
    assert (plan.rows, plan.with_sentiment, plan.with_themes) == (6, 5, 6)
    assert plan.known == []
    assert [(t.name, t.rows) for t in plan.unknown] == [
        ("Staff attitude", 2),
        ("Waiting times", 2),
        ("Catering", 1),
        ("Cleanliness", 1),
        ("Communication", 1),
        ("Environment of care", 1),
        ("Transport and parking", 1),
    ]
    choices = {t.name: imports.DROP for t in plan.unknown}
    choices.pop("Catering")
    with pytest.raises(FieldError, match="Choose what to do with the theme 'Catering'"):
        imports.confirm(world.programme, staged.id, choices, admin)
    assert rows_stored() == before  # a refused confirmation stores nothing either
    choices |= {
        "Catering": imports.DROP,
        "Transport and parking": imports.MAP + "Travel and parking"
        if "Travel and parking" in codebook
        else imports.ADD,
        "Waiting times": imports.ADD,
        "Communication": imports.MAP + codebook[0],
    }
    imports.confirm(world.programme, staged.id, choices, admin)
    stored = {c.source_id: c for c in db.session.scalars(select(CodedExample))}
    assert stored["1"].themes is None and stored["1"].sentiment == "positive"  # all dropped
    assert stored["2"].themes == ["Waiting times"]
    assert stored["3"].themes == ["Waiting times"]
    assert stored["4"].themes == [codebook[0]] and stored["4"].sentiment is None
    assert stored["6"].themes is None and stored["6"].sentiment == "negative"
    names = analysis.codebook_for(world.programme.id).names
    assert "Waiting times" in names and "Staff attitude" not in names and "Catering" not in names
    assert db.session.scalars(select(StagedImport)).all() == []
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "codes_imported"))
    assert "'Catering' dropped" in event.detail and "'Waiting times' added" in event.detail


def test_a_row_left_with_nothing_coded_is_not_imported_and_case_is_suggested(admin):
    world = build_world(admin)
    name = analysis.codebook_for(world.programme.id).names[0]
    raw = f"id,text,question,sentiment,themes\n1,Only a theme,,,Foreign\n2,Two,,,{name.upper()}\n"
    staged = imports.stage(world.programme, raw.encode())
    plan = imports.plan(world.programme, staged.id)
    assert sorted((t.name, t.suggestion) for t in plan.unknown) == sorted(
        [("Foreign", ""), (name.upper(), name)]
    )
    imports.confirm(
        world.programme,
        staged.id,
        {"Foreign": imports.DROP, name.upper(): imports.MAP + name},
        None,
    )
    assert [c.themes for c in db.session.scalars(select(CodedExample))] == [[name]]


def test_removing_imported_codes_keeps_the_analysts_own(admin):
    from tests.services.test_analysis import comment_on

    world = build_world(admin)
    import_codes(world.programme, FOREIGN)
    comments.code(comment_on(world, "The bins were late", 0), "negative", [])
    assert training.coded_count(world.programme) == 7
    assert imports.remove_imported(world.programme, admin) == 6
    assert [c.text for c in training.codes_for(world.programme.id)] == ["The bins were late"]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "codes_removed"))
    assert event.subject == "6 imported coded comments"


def test_switching_is_previewed_confirmed_noted_and_undone(admin):
    world = closed_wave_of_bins(admin)
    import_codes(world.programme, coded_csv(coded_comments(120)))
    state = model_choice.state(world.programme)
    assert state.in_use == "Comments are analysed with the codebook rules."
    assert state.candidate is not None
    moves = {(m.wave, m.figure): (m.before, m.after) for m in state.candidate.moves}
    assert moves[("Pulse: Wave 1", "Bins")] == ("0%", "100%")
    said = " ".join(state.candidate.sentences)
    assert "Switching would change 12 of the programme's 12 comments" in said
    assert "f1" not in said.lower()
    assert insights.build(world.programme, insights.Filters()).revised == []  # nothing yet
    assert "Bins" not in db.session.scalar(select(CommentAnalysis)).themes

    switch_to_candidate(world.programme)
    (note,) = insights.build(world.programme, insights.Filters()).revised
    assert note.reason == model_choice.TO_MODEL.format(uses="themes")
    assert note.on == date.today() and "Bins in Wave 1 from 0% to 100%" in note.changes
    assert model_choice.state(world.programme).in_use.startswith(
        "Comments are analysed with a model trained on your codes (themes), in use since"
    )

    model_choice.return_to_rules(world.programme, admin)
    db.session.expire_all()
    assert "Bins" not in db.session.scalar(select(CommentAnalysis)).themes
    notes = insights.build(world.programme, insights.Filters()).revised
    assert model_choice.TO_RULES in [n.reason for n in notes]
    assert db.session.scalar(select(ProgrammeModel.status)) == "retired"
    switches = db.session.scalars(
        select(AuditEvent.subject).where(AuditEvent.action == AuditAction.MODEL_SWITCHED)
    ).all()
    assert switches == ["To the trained model (themes)", "To the codebook rules"]
    assert db.session.scalar(select(func.count()).select_from(FigureRevision)) == 2


def test_a_candidate_can_be_discarded_and_a_decided_one_is_not_switched_twice(admin):
    world = closed_wave_of_bins(admin)
    import_codes(world.programme, coded_csv(coded_comments(120)))
    waiting = model_choice.state(world.programme).candidate
    model_choice.discard(world.programme, waiting.id)
    assert model_choice.state(world.programme).candidate is None
    with pytest.raises(NotFound):  # a discarded model is gone
        model_choice.candidate(world.programme, waiting.id)
    training.start_training(world.programme)
    again = model_choice.state(world.programme).candidate
    switch_to_candidate(world.programme)
    with pytest.raises(model_choice.AlreadyDecided):
        model_choice.switch(world.programme, again.id, None)
    assert db.session.scalars(select(CodebookTheme.name).where(CodebookTheme.name == "Bins")).all()


def test_an_upload_left_unconfirmed_for_a_day_is_purged(admin):
    from datetime import timedelta

    from engage.models.columns import utcnow

    world = build_world(admin)
    old = imports.stage(world.programme, FOREIGN)
    old.created_at = utcnow() - timedelta(days=1, minutes=1)
    db.session.commit()
    assert imports.purge_staged() == 1
    imports.stage(world.programme, FOREIGN)
    assert imports.purge_staged() == 0  # a fresh one waits for the analyst
    assert len(db.session.scalars(select(StagedImport)).all()) == 1


def test_no_switch_while_a_reanalysis_is_under_way(admin):
    from engage.domain import JobKind
    from engage.services import background

    world = closed_wave_of_bins(admin)
    import_codes(world.programme, coded_csv(coded_comments(120)))
    waiting = model_choice.state(world.programme).candidate
    running = background.create(world.programme, JobKind.REANALYSE, 12)
    with pytest.raises(FieldError, match=f"A re-analysis is queued \\(job {running.id}\\)"):
        model_choice.switch(world.programme, waiting.id, admin)
    with pytest.raises(FieldError, match="Switch once it has finished"):
        model_choice.return_to_rules(world.programme, admin)
    assert db.session.get(ProgrammeModel, waiting.id).status == "candidate"
