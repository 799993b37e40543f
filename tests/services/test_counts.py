from sqlalchemy import select

from engage.extensions import db
from engage.models import CountCell
from engage.services import comments, counts
from tests.builders import build_world
from tests.services.test_analysis import comment_on
from tests.services.test_insights import answer


def cells():
    return sorted((c.wave_id, c.organisation_id, c.segment_key, c.measure, c.category, c.count)
                  for c in db.session.scalars(select(CountCell)) if c.count)


def test_cells_kept_on_submit_and_recode_match_a_rebuild(admin):
    world = build_world(admin)
    for index in range(6):
        answer(world, world.link, index, 4)
    row = comment_on(world, "Budget cuts and rude managers", 20)
    kept = cells()
    measures = {measure for _w, _o, _s, measure, _c, _n in kept}
    assert measures == {"framing", "commenters", "theme", "sentiment"}
    counts.rebuild([world.wave.id])
    assert cells() == kept
    comments.recode(world.programme, row.answer_id, "positive", ["Workload"])
    recoded = cells()
    assert ("theme", "Workload", 1) in [(m, c, n) for _w, _o, _s, m, c, n in recoded]
    counts.rebuild([world.wave.id])
    assert cells() == recoded
