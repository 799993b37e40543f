"""The migrations, run from an empty database, produce exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from engage.extensions import db


def test_migrations_build_the_schema_the_models_describe(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_every_model_table_exists_after_upgrade(app):
    tables = set(inspect(db.engine).get_table_names())
    assert set(db.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_migration_files_are_numbered(root):
    names = sorted(path.name for path in (root / "migrations" / "versions").glob("*.py"))
    assert names and all(name[:4].isdigit() for name in names)


def test_rebuilding_tables_down_and_up_again_keeps_every_answer(app, admin):
    """SQLite migrations rebuild tables (copy, drop, rename); with foreign keys on, dropping
    links or waves cascaded and deleted every response. Found upgrading the demo."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import func, select

    from engage.models import Answer, Response
    from tests.builders import build_world
    from tests.services.test_insights import answer

    world = build_world(admin, headcount=40)
    for index in range(3):
        answer(world, world.link, index, 4)
    db.session.commit()
    before = (
        db.session.scalar(select(func.count(Response.id))),
        db.session.scalar(select(func.count(Answer.id))),
    )
    db.session.remove()
    downgrade(revision="0012")
    upgrade()
    after = (
        db.session.scalar(select(func.count(Response.id))),
        db.session.scalar(select(func.count(Answer.id))),
    )
    assert before[0] == 3 and after == before


def test_0024_seals_the_totp_secrets_already_stored_and_downgrade_unseals(app, admin):
    """A secret set up before secrets were sealed does not stay readable after the upgrade."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from engage import sealing

    db.session.commit()
    db.session.remove()
    downgrade(revision="0021")
    plain = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE users SET totp_secret = :s"), {"s": plain})
    upgrade()
    with db.engine.connect() as connection:
        stored = connection.execute(text("SELECT totp_secret FROM users")).scalar_one()
    assert stored != plain and sealing.unseal(stored, app.config["SECRET_KEY"]) == plain
    downgrade(revision="0021")
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT totp_secret FROM users")).scalar_one() == plain
    upgrade()


def test_0025_redacts_every_comment_already_stored(app, admin):
    """After the upgrade no reader needs the original: each stored comment has its copy."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from engage.analysis.redact import RULES_VERSION
    from engage.domain import AnswerValue
    from engage.services import responses
    from tests.builders import build_world

    world = build_world(admin)
    question = next(q for q in world.wave.version.questions if q.code == "improve")
    responses.submit(
        world.link,
        "0a0a0a0a-2222-4222-8222-222222222222",
        [AnswerValue(question.id, text="Ask sarah jones on 07700 900123")],
        world.wave.opens_on,
    )
    db.session.commit()
    db.session.remove()
    downgrade(revision="0024")
    upgrade()
    with db.engine.connect() as connection:
        row = connection.execute(
            text("SELECT redacted, redaction_version FROM answers WHERE text IS NOT NULL")
        ).one()
    assert row == ("Ask [name removed] on [phone number removed]", RULES_VERSION)


def test_0031_gives_unedited_seed_themes_the_fixed_phrases_and_queues_a_reanalysis(app, admin):
    """A programme made before the keyword traps were fixed: its unedited seed themes get
    today's phrases and a re-analysis is queued; a theme an organiser edited is left."""
    import json

    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from engage.analysis.codebook import DEFAULT_CODEBOOK
    from tests.builders import build_world

    world = build_world(admin)
    programme_id = world.programme.id
    db.session.commit()
    db.session.remove()
    downgrade(revision="0030")
    old_trust = ["trust*", "partner*", "relationship*", "goodwill", "openness", "honest*"]
    old_trust += ["open book", "one team", "them and us", "us and them"]
    edited = ["budget*", "savings"]
    with db.engine.begin() as connection:
        connection.execute(text("DELETE FROM analysis_jobs"))
        for name, phrases in (("Partnership trust", old_trust), ("Cost cutting", edited)):
            connection.execute(
                text(
                    "UPDATE codebook_themes SET phrases = :p WHERE name = :n AND programme_id = :i"
                ),
                {"p": json.dumps(phrases), "n": name, "i": programme_id},
            )
    upgrade()
    with db.engine.connect() as connection:
        stored = dict(
            connection.execute(
                text("SELECT name, phrases FROM codebook_themes WHERE programme_id = :i"),
                {"i": programme_id},
            ).all()
        )
        queued = connection.execute(
            text(
                "SELECT count(*) FROM analysis_jobs WHERE kind = 'reanalyse' AND status = 'queued'"
            )
        ).scalar_one()
    phrases = {name: json.loads(p) if isinstance(p, str) else p for name, p in stored.items()}
    now = {theme.name: list(theme.phrases) for theme in DEFAULT_CODEBOOK.themes}
    assert phrases["Partnership trust"] == now["Partnership trust"]
    assert "honest*" not in phrases["Partnership trust"]
    assert phrases["Cost cutting"] == edited
    assert queued == 1
