import importlib.util

from sqlalchemy import delete, select, text

from engage.extensions import db
from engage.models import CountCell
from engage.services import comments, counts
from tests.builders import build_world
from tests.services.test_analysis import comment_on
from tests.services.test_insights import answer


def cells():
    return sorted(
        (c.wave_id, c.organisation_id, c.group_key, c.measure, c.category, c.count)
        for c in db.session.scalars(select(CountCell))
        if c.count
    )


def test_cells_kept_on_submit_and_recode_match_a_rebuild(admin):
    world = build_world(admin)
    for index in range(6):
        answer(world, world.link, index, 4)
    row = comment_on(world, "Budget cuts and rude managers", 20)
    kept = cells()
    measures = {measure for _w, _o, _s, measure, _c, _n in kept}
    assert measures >= {"framing", "commenters", "theme", "sentiment", "theme_comments"}
    assert measures & {"theme_positive", "theme_negative"}
    counts.rebuild([world.wave.id])
    assert cells() == kept
    comments.code(row, "positive", ["Workload"])
    recoded = cells()
    assert ("theme", "Workload", 1) in [(m, c, n) for _w, _o, _s, m, c, n in recoded]
    counts.rebuild([world.wave.id])
    assert cells() == recoded


def test_migration_0008_backfills_the_theme_tones_a_rebuild_makes(admin, root):
    world = build_world(admin)
    for index in range(6):
        answer(world, world.link, index, 4)
    comment_on(world, "Wonderful support, thank you, the budget cuts were handled well", 20)
    kept = cells()
    path = root / "migrations" / "versions" / "0008_theme_tone_cells.py"
    spec = importlib.util.spec_from_file_location("migration_0008", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    db.session.execute(delete(CountCell).where(CountCell.measure.like("theme\\_%", escape="\\")))
    assert {m for *_k, m, _c, _n in cells()} == {"framing", "commenters", "theme", "sentiment"}
    for statement in migration.BACKFILL:
        db.session.execute(text(statement))
    db.session.commit()
    assert cells() == kept
