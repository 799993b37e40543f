"""Re-redaction when the rules improve: copies made under older rules are found and redone
by one background job per programme, with progress; `flask redact` starts it."""

from datetime import date

from sqlalchemy import select, update

from engage.analysis.redact import RULES_VERSION
from engage.domain import AnswerValue, JobKind, JobStatus
from engage.extensions import db
from engage.models import AnalysisJob, Answer
from engage.services import background, redaction, responses
from tests.builders import build_world, fold


def comments(world, texts):
    question = next(q for q in world.wave.version.questions if q.code == "improve")
    for index, text in enumerate(texts):
        responses.submit(
            world.link,
            f"{index + 1:08x}-3333-4333-8333-333333333333",
            [AnswerValue(question.id, text=text)],
            date.today(),
        )


def age_the_copies(answer_ids):
    """As if an older release, with weaker rules, had made these copies."""
    db.session.execute(
        update(Answer)
        .where(Answer.id.in_(answer_ids))
        .values(redacted="Ask sarah jones", redaction_version=RULES_VERSION - 1)
    )
    db.session.commit()


def test_the_folder_stores_each_copy_with_its_rules_version(admin):
    world = build_world(admin)
    comments(world, ["Ask sarah jones about it"])
    answer = db.session.scalar(select(Answer).where(Answer.text.is_not(None)))
    assert (answer.redacted, answer.redaction_version) == (None, None)
    fold()
    db.session.refresh(answer)
    assert (answer.redacted, answer.redaction_version) == (
        "Ask [name removed] about it",
        RULES_VERSION,
    )


def test_copies_under_older_rules_are_redone_by_one_job_per_programme(admin):
    world = build_world(admin)
    comments(world, ["Ask sarah jones", "mr patel again", "Nothing to add"])
    fold()
    ids = db.session.scalars(select(Answer.id).where(Answer.text.is_not(None))).all()
    age_the_copies(ids[:2])
    assert redaction.stale_count(world.programme.id) == 2
    started = redaction.start_all()  # runs inline in tests
    assert [(p.id, created) for p, _job, created in started] == [(world.programme.id, True)]
    job = db.session.get(AnalysisJob, started[0][1].id)
    db.session.refresh(job)
    assert (job.kind, job.status, job.done, job.total) == (JobKind.REDACT, JobStatus.DONE, 2, 2)
    db.session.expire_all()
    copies = db.session.execute(
        select(Answer.redacted, Answer.redaction_version)
        .where(Answer.id.in_(ids))
        .order_by(Answer.id)
    ).all()
    assert copies == [
        ("Ask [name removed]", RULES_VERSION),
        ("[name removed] again", RULES_VERSION),
        ("Nothing to add", RULES_VERSION),
    ]
    assert redaction.stale_count(world.programme.id) == 0 and redaction.start_all() == []
    reanalysis = background.latest(world.programme, JobKind.REANALYSE)  # the figures follow
    assert reanalysis is not None and reanalysis.status == JobStatus.DONE


def test_a_pending_response_is_left_to_the_folder(admin):
    world = build_world(admin)
    comments(world, ["Ask sarah jones"])
    assert redaction.stale_count(world.programme.id) == 0  # not folded: the folder redacts it


def test_flask_redact_starts_the_jobs_and_reports_progress(app, admin):
    world = build_world(admin)
    comments(world, ["Ask sarah jones", "Fine"])
    fold()
    age_the_copies(db.session.scalars(select(Answer.id).where(Answer.text.is_not(None))).all())
    runner = app.test_cli_runner()
    result = runner.invoke(args=["redact"])
    assert result.exit_code == 0, result.output
    assert "Started job" in result.output and "(2 comments)" in result.output
    assert "test: job" in result.output and "2 of 2 comments; 0 still to redo" in result.output
    again = runner.invoke(args=["redact"])
    assert f"current rules (version {RULES_VERSION})" in again.output


def test_the_folder_starts_re_redaction_when_it_starts(app, admin):
    """`flask fold --forever` calls this first: each deployment restarts the folder."""
    from engage.cli import start_redaction

    world = build_world(admin)
    comments(world, ["Ask sarah jones"])
    fold()
    age_the_copies(db.session.scalars(select(Answer.id).where(Answer.text.is_not(None))).all())
    start_redaction()
    job = background.latest(world.programme, JobKind.REDACT)
    assert job is not None and (job.done, job.total) == (1, 1)
    assert redaction.stale_count(world.programme.id) == 0
