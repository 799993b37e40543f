"""A parent group is the union of the groups inside it, on the dashboard, in the comment
lists and in the auditor, and the engine pools a small team inside its own directorate."""

from datetime import date

from engage.analysis import confidentiality
from engage.domain import AnswerValue
from engage.models import Group
from engage.services import group_import
from engage.services.links import create_link
from engage.services.reading import comments
from engage.services.reading import dashboard as insights
from engage.services.reading.audit import Names, audit_programme, scopes
from engage.services.responses import submit
from tests.builders import build_world, close, fold
from tests.pages import checked_page

TOKEN = "{:08x}-4444-4444-8444-444444444444"


def answer(world, link, index):
    questions = {q.code: q for q in world.wave.version.questions}
    values = [AnswerValue(questions["tu_understand"].id, number=4)]
    values.append(AnswerValue(questions["improve"].id, text=f"Budget cuts, again {index}"))
    submit(link, TOKEN.format(index), values, date.today())


def directorate_world(admin):
    """Housing's own link 5 people, Repairs 6, Lettings 2 (inside Housing); Customer
    Services 6, outside it."""
    world = build_world(admin)
    council = world.link.organisation
    group_import.apply(council, "Housing\n  Repairs, 10\n  Lettings, 4")
    named = {group.name: group for group in council.groups}
    index = 0
    for name, people in (("Housing", 5), ("Repairs", 6), ("Lettings", 2)):
        link = create_link(world.wave, council, named[name])
        for _ in range(people):
            answer(world, link, index := index + 1)
    for _ in range(6):
        answer(world, world.link, index := index + 1)
    fold()
    close(world.wave)
    return world, named


def test_a_parent_filter_reads_every_group_inside_it(admin):
    world, named = directorate_world(admin)
    assert named["Housing"].headcount == 14  # rolled up from its groups
    wave = world.wave.id
    housing = insights.build(world.programme, insights.Filters(group_id=named["Housing"].id))
    assert housing.responses[wave] == 13  # its own link and both teams
    # Lettings (2) is pooled with Housing's own link (5) inside Housing: the directorate
    # and Repairs are shown, Housing's own link and Lettings are not.
    repairs = insights.build(world.programme, insights.Filters(group_id=named["Repairs"].id))
    assert repairs.responses[wave] == 6
    lettings = insights.build(world.programme, insights.Filters(group_id=named["Lettings"].id))
    assert lettings.responses.get(wave) is None
    listed = comments.page_of(world.programme, comments.Filters(group_id=named["Housing"].id), 1)
    assert listed.hidden or listed.respondents == 13


def test_the_auditor_covers_parents_and_catches_a_rule_that_ignores_them(app, admin, monkeypatch):
    world, named = directorate_world(admin)
    labels = {scope.label for scope in scopes(world.programme, Names(world.programme))}
    assert any("Housing and the groups in it" in label for label in labels)
    result = audit_programme(world.programme)
    assert result.ok and result.figures > 10, result.leaks
    cli = app.test_cli_runner().invoke(args=["audit-disclosure", "--programme", "test"])
    assert cli.exit_code == 0 and "0 leaks" in cli.output, cli.output

    def naive(cells, keys, minimum):  # e.g. everyone 19 - Housing 13: 6 commenters, under 10
        return sum(cells[key] for key in keys) >= minimum

    monkeypatch.setattr(confidentiality, "keys_are_safe", naive)
    leaking = audit_programme(world.programme)
    assert any("Housing and the groups in it" in leak for leak in leaking.leaks), "\n".join(
        leaking.leaks
    )


def test_the_dashboard_offers_every_level_by_name(staff, admin):
    world, named = directorate_world(admin)
    page = checked_page(staff.client.get(f"/insights/p/test/?group={named['Housing'].id}"))
    options = [option.get_text() for option in page.select("select#group option")]
    assert "Testshire Council: Housing > Lettings" in options
    assert options.index("Testshire Council: Housing") < options.index(
        "Testshire Council: Housing > Repairs"
    )
    assert isinstance(named["Lettings"], Group)
