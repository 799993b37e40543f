from datetime import date, timedelta

from engage.domain import AnswerValue
from engage.extensions import db
from engage.models import OrganisationKind
from engage.services import programmes, waves
from engage.services.links import create_link
from engage.services.reading import dashboard as insights
from engage.services.responses import submit
from tests.builders import World, build_world, close, fold


def answer(world, link, index, agree):
    questions = {q.code: q for q in world.wave.version.questions}
    values = [
        AnswerValue(questions[code].id, number=agree)
        for code in ("tu_understand", "tu_beyond_cost", "pt_together")
    ]
    values.append(AnswerValue(questions["framing"].id, choice="Cutting costs"))
    values.append(AnswerValue(questions["improve"].id, text=f"Budget cuts, again {index}"))
    submit(link, f"{index:08x}-4444-4444-8444-444444444444", values, date.today())
    fold()


def test_indices_trust_mirror_and_hidden_groups(admin):
    world = build_world(admin)
    council = world.link.organisation
    small = programmes.save_group(council, "Tiny", 3)
    partner = programmes.save_organisation(
        world.programme, "Partner Ltd", OrganisationKind.PRIVATE_PARTNER
    )
    partner_link = create_link(world.wave, partner, None)
    for index in range(6):
        answer(world, world.link, index, 4)  # council: 75
    for index in range(6, 12):
        answer(world, partner_link, index, 2)  # partner: 25
    for index in range(12, 14):
        answer(world, create_link(world.wave, council, small), index, 5)
    close(world.wave)
    data = insights.build(world.programme, insights.Filters())
    wave = world.wave.id
    assert data.responses[wave] == 14
    understanding = data.indices["transformation_understanding"][wave]
    assert understanding.n == 14 and understanding.low < understanding.value < understanding.high
    assert data.mirror["Testshire Council"][wave].value > 75  # 75 x 6 and 100 x 2
    assert data.mirror["Partner Ltd"][wave].value == 25
    gap = data.gap[wave]
    assert gap.value > 50 and gap.excludes_zero
    side_by_side = data.mirror_items["Council and partner staff work well together in my area."]
    assert side_by_side["Testshire Council"].value == (6 * 75 + 2 * 100) / 8
    assert side_by_side["Partner Ltd"].value == 25
    groups = data.groups
    assert all(v is None for v in groups["Testshire Council: Tiny"].values())
    # Tiny (2 people) is hidden; its one sibling with people would give it away, so it is too.
    assert all(v is None for v in groups["Testshire Council: Customer Services"].values())
    assert data.group_reasons == {  # every hidden group says why
        "Testshire Council: Tiny": "fewer than 5",
        "Testshire Council: Customer Services": "would reveal a smaller group",
    }
    assert data.framings["Cutting costs"][wave] == 1.0
    assert data.framings_by_organisation == {
        "Testshire Council": {"Cutting costs": 1.0},
        "Partner Ltd": {"Cutting costs": 1.0},
    }
    assert data.themes["Cost cutting"][wave] == 1.0
    assert data.net_sentiment[wave] is not None


def test_filters_that_leave_too_few_people_hide_everything(admin):
    world = build_world(admin)
    for index in range(3):
        answer(world, world.link, index, 4)
    close(world.wave)
    data = insights.build(world.programme, insights.Filters(group_id=world.link.group_id))
    assert data.responses[world.wave.id] is None
    assert data.indices["transformation_understanding"][world.wave.id] is None
    assert data.net_sentiment[world.wave.id] is None
    assert all(value is None for value in data.themes["Cost cutting"].values())


def test_sentiment_within_themes_and_rising_themes_between_waves(admin):
    world = build_world(admin, today=date.today())
    second = waves.schedule_pulse(world.survey, date.today() - timedelta(days=1), 1, days_open=7)[0]
    first = world.wave
    first.opens_on = date.today() - timedelta(days=20)
    first.closes_on = date.today() - timedelta(days=14)
    db.session.commit()
    for index in range(12):
        answer(world, world.link, index, 4)  # "Budget cuts, again": cost cutting, all of them
    later = World(
        world.programme,
        world.survey,
        second,
        create_link(second, world.link.organisation, world.link.group),
    )
    questions = {q.code: q for q in second.version.questions}
    for index in range(12, 28):
        text = "Budget cuts, again" if index < 18 else "The new laptops are great, thank you"
        submit(
            later.link,
            f"{index:08x}-4444-4444-8444-444444444444",
            [AnswerValue(questions["improve"].id, text=text)],
            date.today(),
        )
    fold()
    close(second)  # a wave in progress never drives a change
    data = insights.build(world.programme, insights.Filters())
    assert data.theme_sentiment["Cost cutting"] is not None
    assert data.theme_sentiment["Cost cutting"] < 0
    changes = dict(data.theme_changes)
    falling = changes["Cost cutting"]  # 12 of 12, then 6 of 16
    assert round(falling.value) == round(100 * 6 / 16 - 100) and falling.excludes_zero


def test_the_default_range_ends_at_the_latest_closed_wave(admin):
    """An open wave with a few answers never leads the page: it is offered, not included."""
    world = build_world(admin, today=date.today())
    first = world.wave
    first.opens_on = date.today() - timedelta(days=20)
    first.closes_on = date.today() - timedelta(days=14)
    db.session.commit()
    second = waves.schedule_pulse(world.survey, date.today() - timedelta(days=1), 1, days_open=7)[0]
    for index in range(6):
        answer(world, world.link, index, 4)
    data = insights.build(world.programme, insights.Filters())
    assert [wave.id for wave in data.waves] == [first.id]
    assert [wave.id for wave in data.later] == [second.id] and data.later[0].in_progress
    assert data.latest.id == first.id
    included = insights.build(world.programme, insights.Filters(wave_to=second.number))
    assert [wave.in_progress for wave in included.waves] == [False, True]
    assert included.latest.id == first.id and included.later == []


def test_a_group_outside_the_chosen_organisation_is_dropped_not_read_as_zeros(admin):
    world = build_world(admin)
    partner = programmes.save_organisation(
        world.programme, "Partner Ltd", OrganisationKind.PRIVATE_PARTNER
    )
    data = insights.build(
        world.programme,
        insights.Filters(organisation_id=partner.id, group_id=world.link.group_id),
    )
    assert data.filters.group_id is None and data.filters.organisation_id == partner.id
    assert [(g.id, g.organisation_id) for g in data.choices.groups] == [
        (world.link.group_id, world.link.organisation_id)
    ]
