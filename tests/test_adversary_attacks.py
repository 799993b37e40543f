"""One regression test per attack the adversary suite (test_adversary.py) plays, and the
programme-wide audit (``flask audit-disclosure``) on generated programmes."""

from __future__ import annotations

from engage.analysis import confidentiality
from engage.services.reading import dashboard as insights
from engage.services.reading import summaries
from engage.services.reading.audit import audit_programme
from tests.builders import build_world, close
from tests.services.test_insights import answer
from tests.test_adversary import Insider, Plan

# The auditor's counterexample (tests/analysis/test_disclosure.py): wave 2's Meridian total
# (7), group A over all waves (15) and group A in wave 1 (10) give 7 - (15 - 10) = 2.
MERIDIAN_A, MERIDIAN_B, NORTHGATE_C, NORTHGATE_D = (0, 0), (0, 1), (1, 0), (1, 1)
PEOPLE = {
    (0, MERIDIAN_A): 10,
    (1, MERIDIAN_A): 5,
    (0, MERIDIAN_B): 6,
    (1, MERIDIAN_B): 2,
    (0, NORTHGATE_C): 9,
    (1, NORTHGATE_C): 8,
    (0, NORTHGATE_D): 7,
    (1, NORTHGATE_D): 6,
}


def differencing_programme(admin) -> Insider:
    """The counterexample's people, answered through the services, both waves closed."""
    groups = [MERIDIAN_A, MERIDIAN_B, NORTHGATE_C, NORTHGATE_D]
    actions = [
        ("victim", (w, group[0], group)) for (w, group), n in PEOPLE.items() for _ in range(n)
    ]
    plan = Plan(2, groups, 5, {group: 40 for group in groups}, actions)
    insider = Insider(admin, plan)
    for kind, cell in plan.actions:
        insider.act(kind, cell)
    for wave in insider.waves:
        close(wave)
    return insider


def test_stuffing_a_hidden_group_of_four_reveals_nothing(admin):
    """Four people answered; one known answer more makes five, over the headcount of 4:
    the group is withheld, so the mean of the other four is never shown."""
    world = build_world(admin, headcount=4)
    for index in range(4):
        answer(world, world.link, index, 2)
    answer(world, world.link, 99, 5)  # the insider's known answers
    close(world.wave)
    for filters in (insights.Filters(), insights.Filters(group_id=world.link.group_id)):
        data = insights.build(world.programme, filters)
        assert data.responses[world.wave.id] is None
        assert data.indices.get("transformation_understanding", {}).get(world.wave.id) is None
        assert all(
            value is None for value in data.groups["Testshire Council: Customer Services"].values()
        )


def test_api_reads_either_side_of_one_submission_are_identical(client, staff, admin):
    world = build_world(admin, headcount=50)
    for index in range(6):
        answer(world, world.link, index, 4)
    before = client.get("/api/v1/programmes/test/dashboard").get_json()
    assert before["responses"] == [6]  # released: the open wave's figures are on show
    answer(world, world.link, 6, 1)
    after = client.get("/api/v1/programmes/test/dashboard").get_json()
    assert after == before


def test_theme_summaries_do_not_give_7_minus_15_minus_10(admin):
    insider = differencing_programme(admin)
    shown = {}
    for w, wave in [(None, None), *enumerate(insider.waves)]:
        summary = summaries.build(summaries.scope_of(insider.programme, wave))
        shown.update({(w, row.group): row.responses for row in summary.responses})
    # The programme's summary now gives each wave's total, not each group's over all waves.
    needed = [shown.get(key) for key in ((1, "Org 0"), (None, "Org 0: G0"), (0, "Org 0: G0"))]
    assert None in needed, needed
    insider.read()  # and nothing else the insider can read combines to a smaller group
    report = insider.audit()
    assert report.ok and report.figures > 20, report.leaks


def test_the_programme_audit_passes_the_engine_and_catches_a_naive_rule(app, admin, monkeypatch):
    insider = differencing_programme(admin)
    result = audit_programme(insider.programme)
    assert result.ok and result.leaks == [] and result.findings == []
    assert result.figures > 50 and result.dashboard_figures > 0
    cli = app.test_cli_runner().invoke(
        args=["audit-disclosure", "--programme", insider.programme.slug]
    )
    assert cli.exit_code == 0 and "0 leaks" in cli.output, cli.output

    def naive(cells, keys, minimum):  # what a per-figure threshold alone would release
        return sum(cells[key] for key in keys) >= minimum

    monkeypatch.setattr(confidentiality, "keys_are_safe", naive)
    leaking = audit_programme(insider.programme)
    assert leaking.leaks and any("Pulse Wave 2 / Org 0 / G1" in leak for leak in leaking.leaks)
    cli = app.test_cli_runner().invoke(
        args=["audit-disclosure", "--programme", insider.programme.slug]
    )
    assert cli.exit_code == 1 and "LEAK respondents" in cli.output, cli.output
