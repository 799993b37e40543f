from datetime import date, timedelta

from engage.domain import AnswerValue
from engage.extensions import db
from engage.services import programmes, waves
from engage.services.links import create_link
from engage.services.reading import summaries
from engage.services.responses import submit
from tests.builders import build_world, close, fold


def answer(world, link, index, text, framing="Cutting costs"):
    questions = {q.code: q for q in world.wave.version.questions}
    submit(
        link,
        f"{index:08x}-3333-4333-8333-333333333333",
        [
            AnswerValue(questions["improve"].id, text=text),
            AnswerValue(questions["framing"].id, choice=framing),
        ],
        date.today(),
    )
    fold()


def test_summary_counts_shares_quotes_and_hides_small_groups(admin):
    world = build_world(admin)
    small = programmes.save_group(world.link.organisation, "Tiny team", 4)
    small_link = create_link(world.wave, world.link.organisation, small)
    for index in range(12):
        answer(world, world.link, index, f"Budget cuts are hurting the service, case {index}")
    for index in range(12, 15):
        answer(
            world,
            small_link,
            index,
            "Contract manager is never around",
            framing="Digital and technology",
        )
    close(world.wave)
    summary = summaries.build(summaries.scope_of(world.programme, world.wave))
    rows = {row.theme: row for row in summary.themes}
    assert rows["Cost cutting"].comments == 12 and 0.79 < rows["Cost cutting"].share < 0.81
    assert len(set(rows["Cost cutting"].quotes)) == len(rows["Cost cutting"].quotes) == 3
    assert rows["Contract management"].comments is None  # 3 people: hidden, not zero
    framings = {row.label: row.count for row in summary.framings}
    # 3 chose Digital: hidden. With 15 respondents known, showing 12 would reveal the 3,
    # so complementary suppression hides Cutting costs too.
    assert framings == {"Cutting costs": None, "Digital and technology": None}
    groups = {row.group: row.responses for row in summary.responses}
    assert groups["Testshire Council: Tiny team"] is None
    # Hiding 3 alone could be undone by subtraction from the total: the total hides too,
    # or a sibling does; either way no visible figures subtract to 3.
    visible = [n for g, n in groups.items() if g.startswith("Testshire Council:") and n]
    total = groups["Testshire Council"]
    assert total is None or total - sum(visible) == 0 or total - sum(visible) >= 5
    assert any("hidden" in line for line in summary.method)


def test_change_from_the_previous_wave_and_publication_rounding(admin):
    world = build_world(admin, today=date.today() - timedelta(days=14))
    waves.set_status(world.wave, waves.WaveStatus.OPEN, date.today())
    for index in range(11):
        answer(world, world.link, index, "Budget cuts again and again")
    later = waves.schedule_pulse(world.survey, date.today(), 1, 5)[0]
    link = create_link(later, world.link.organisation, world.link.group)
    db.session.commit()
    for index in range(11, 23):
        answer(world, link, index, "Budget cuts" if index % 2 else "Residents come first now")
    row = {r.theme: r for r in summaries.build(summaries.scope_of(world.programme, later)).themes}
    assert row["Cost cutting"].change is not None and row["Cost cutting"].change < 0
    published = summaries.build(summaries.scope_of(world.programme, later, published=True))
    assert all(r.comments is None or r.comments % 5 == 0 for r in published.themes)
    assert published.method[0].startswith("Prepared for publication")


def test_scope_for_names_what_exists(admin):
    world = build_world(admin)
    assert summaries.scope_for("test", None, None).wave_id is None
    assert summaries.scope_for("test", 1, None).wave_id == world.wave.id
    for slug, number in (("nope", None), ("test", 9)):
        try:
            summaries.scope_for(slug, number, None)
        except LookupError as error:
            assert "nope" in str(error) or "waves 1 to 1" in str(error)
        else:
            raise AssertionError("expected a LookupError")


def test_each_wave_has_its_own_response_rate_and_the_scope_is_plain_values(admin):
    world = build_world(admin, today=date.today() - timedelta(days=14), headcount=20)
    waves.set_status(world.wave, waves.WaveStatus.OPEN, date.today())
    for index in range(12):
        answer(world, world.link, index, "Budget cuts again and again")
    later = waves.schedule_pulse(world.survey, date.today(), 1, 5)[0]
    link = create_link(later, world.link.organisation, world.link.group)
    db.session.commit()
    for index in range(12, 27):
        answer(world, link, index, "Residents come first now")
    close(world.wave)
    close(later)
    scope = summaries.scope_of(world.programme, None)
    assert not any(hasattr(value, "__table__") for value in scope.__dict__.values())
    rows = {row.group: row for row in summaries.build(scope).responses}
    assert rows["Pulse, Wave 1"].rate == 12 / 20 and rows["Pulse, Wave 2"].rate == 15 / 20
    assert all(row.rate <= 1 for row in rows.values())  # never all waves over one headcount
    first = summaries.build(summaries.scope_of(world.programme, world.wave))
    assert not first.has_previous and first.responses[0].group == "Testshire Council"
    assert summaries.build(summaries.scope_of(world.programme, later)).has_previous


def test_published_percentages_come_from_the_rounded_counts_and_names_say_so(admin):
    world = build_world(admin, headcount=40)
    for index in range(23):
        answer(world, world.link, index, "Budget cuts are hurting us" if index < 12 else "Fine")
    close(world.wave)
    scope = summaries.scope_of(world.programme, world.wave, published=True)
    summary = summaries.build(scope)
    groups = {row.group: row for row in summary.responses}
    assert groups["Testshire Council"].responses == 25  # 23 rounded to 5
    assert groups["Testshire Council"].rate == 25 / 40  # from the rounded count, not 23
    for row in summary.themes:
        if row.comments is not None:
            assert row.share == row.comments / summary.respondents
    name = scope.file_name("docx", date(2026, 11, 27))
    opened = f"{world.wave.opens_on:%Y-%m-%d}"
    assert name == f"test-pulse-wave-1-{opened}-theme-summary-published.docx"
    assert summaries.scope_of(world.programme, None).file_name("csv", date(2026, 11, 27)) == (
        "test-all-waves-theme-summary-2026-11-27.csv"
    )
    method = " ".join(summary.method)
    assert "TextBlob" not in method and "rules-1" not in method and "Analyser" not in method
