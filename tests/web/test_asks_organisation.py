"""A roundtable link that asks which organisation: a mixed council-and-partner room is
counted under each side, through the respondent's real pages, and figures by organisation
still pass the minimums."""

import pytest
from sqlalchemy import event, select

from engage.domain import SurveyKind
from engage.extensions import db
from engage.models import Link, OrganisationKind, Response
from engage.services import links, programmes
from engage.services.errors import FieldError
from tests.builders import build_world, close, fold
from tests.pages import checked_page


@pytest.fixture
def session(admin):
    world = build_world(admin, template="roundtable_feedback", kind=SurveyKind.ROUNDTABLE)
    programmes.save_organisation(world.programme, "Meridian Ltd", OrganisationKind.PRIVATE_PARTNER)
    return world


def asking_link(session) -> Link:
    return links.create_link(session.wave, session.link.organisation, None, asks_organisation=True)


def organisations(session) -> dict[str, int]:
    return {org.name: org.id for org in session.programme.organisations}


def good_use(session) -> str:
    question = next(q for q in session.wave.version.questions if q.code == "rt_good_use")
    return f"q{question.id}"


def form_of(page) -> dict:
    return {field["name"]: field.get("value", "") for field in page.select("input[type=hidden]")}


def answer(client, session, link, organisation: int | str | None, rating="4"):
    page = checked_page(client.get(f"/s/{link.code}?again=1"))  # each time a new person
    data = {**form_of(page), good_use(session): rating}
    if organisation is not None:
        data["organisation"] = str(organisation)
    return client.post(f"/s/{link.code}", data=data)


def test_the_organiser_makes_a_link_that_asks(staff, session):
    url = f"/manage/p/test/waves/{session.wave.id}/"
    page = staff.get(url)
    assert page.find("input", attrs={"name": "asks_organisation", "type": "checkbox"})
    target = f"o{session.link.organisation_id}"
    made = staff.post(url, data={"target": target, "asks_organisation": "y"})
    assert made.status_code == 302
    link = db.session.scalars(select(Link).order_by(Link.id.desc())).first()
    assert link.asks_organisation and link.group_id is None
    row = staff.get(url).find("span", string=link.display_code).find_parent("tr")
    assert "Asks which organisation" in row.get_text()
    # A group belongs to one organisation: a link for a group cannot ask.
    group = f"s{session.link.group_id}"
    refused = checked_page(staff.post(url, data={"target": group, "asks_organisation": "y"}), 400)
    assert "Choose a whole organisation" in refused.select_one(".error-summary").get_text()


def test_a_pulse_link_never_asks(staff, admin):
    world = build_world(admin)
    programmes.save_organisation(world.programme, "Meridian Ltd", OrganisationKind.PRIVATE_PARTNER)
    url = f"/manage/p/test/waves/{world.wave.id}/"
    assert not staff.get(url).find("input", attrs={"name": "asks_organisation"})
    with pytest.raises(FieldError, match="roundtable"):
        links.create_link(world.wave, world.link.organisation, None, asks_organisation=True)


def test_the_form_asks_with_a_required_accessible_choice(client, session):
    link = asking_link(session)
    page = checked_page(client.get(f"/s/{link.code}"))
    fieldset = page.find("legend", string="Which organisation are you from?").find_parent()
    assert fieldset.name == "fieldset"
    offered = {
        radio.find_next("label").get_text(): int(radio["value"])
        for radio in fieldset.find_all("input", attrs={"type": "radio"})
    }
    assert offered == organisations(session)
    text = page.get_text(" ", strip=True)
    assert "shown for each organisation only when 5 or more people from it have answered" in text
    assert text.index("Which organisation") < text.index("good use of my time")
    missing = checked_page(answer(client, session, link, None), 400)
    summary = missing.select_one(".error-summary")
    assert "Select which organisation you are from" in summary.get_text()
    assert summary.find("a")["href"] == "#organisation-0"
    kept = missing.find("input", attrs={"name": good_use(session), "value": "4"})
    assert kept.has_attr("checked")  # the answer given is not lost
    assert db.session.scalar(select(Response.id)) is None


def test_the_response_is_counted_under_the_chosen_organisation(client, session, admin):
    link = asking_link(session)
    partner = organisations(session)["Meridian Ltd"]
    thanked = answer(client, session, link, partner)
    assert thanked.status_code == 200 and "have been sent" in thanked.get_data(as_text=True)
    stored = db.session.scalars(select(Response)).one()
    assert (stored.organisation_id, stored.group_id, stored.link_id) == (partner, None, link.id)
    stranger = programmes.create_programme("Other", "other", "", admin)
    elsewhere = programmes.save_organisation(stranger, "Elsewhere", OrganisationKind.OTHER)
    for tampered in (elsewhere.id, "council", f"{partner}&organisation={partner}"):
        refused = checked_page(answer(client, session, link, tampered), 400)
        assert "choose one of the options shown" in refused.select_one(".error-summary").get_text()
    assert len(db.session.scalars(select(Response)).all()) == 1


def test_an_ordinary_link_is_not_asked_and_costs_no_extra_query(client, session):
    """The organisations come in the page's own query (read only for a link that asks), so
    asking costs no query: the form checks the choice against the choices it was built
    with, and the response is stored under it."""
    link = asking_link(session)
    council = organisations(session)["Testshire Council"]

    def statements_for(target, organisation) -> list[str]:
        page = checked_page(client.get(f"/s/{target.code}?again=1"))
        data = {**form_of(page), good_use(session): "4"}
        if organisation is not None:
            data["organisation"] = str(organisation)
        seen: list[str] = []

        def record(conn, cursor, statement, *args):
            seen.append(statement)

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            assert client.post(f"/s/{target.code}", data=data).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        return seen

    plain = statements_for(session.link, None)
    asking = statements_for(link, council)
    assert len(asking) == len(plain)
    assert (
        checked_page(client.get(f"/s/{session.link.code}?again=1")).find(
            "input", attrs={"name": "organisation"}
        )
        is None
    )


def test_renaming_an_organisation_is_never_a_stale_cached_form(client, session):
    link = asking_link(session)
    council = session.link.organisation
    checked_page(client.get(f"/s/{link.code}"))  # the form is built and kept
    programmes.save_organisation(session.programme, "Testshire County", council.kind, council)
    page = checked_page(client.get(f"/s/{link.code}"))
    assert page.find("label", string="Testshire County")
    assert not page.find("label", string="Testshire Council")


@pytest.mark.parametrize(("council", "partner"), [(6, 3), (6, 6)])
def test_figures_by_organisation_still_pass_the_minimums(staff, client, session, council, partner):
    link = asking_link(session)
    chosen = organisations(session)
    for index in range(council + partner):
        side = "Testshire Council" if index < council else "Meridian Ltd"
        assert answer(client, session, link, chosen[side]).status_code == 200
    fold()
    close(session.wave)
    api = "/api/v1/programmes/test/dashboard"
    whole = staff.client.get(f"{api}?survey={session.survey.id}").get_json()
    assert whole["responses"] == [council + partner]
    by_side = {
        name: staff.client.get(f"{api}?survey={session.survey.id}&organisation={org}").get_json()[
            "responses"
        ][0]
        for name, org in chosen.items()
    }
    if partner < 5:
        # three partner staff: never shown, and the council's 6 would give them away
        assert by_side == {"Testshire Council": None, "Meridian Ltd": None}
    else:
        assert by_side == {"Testshire Council": council, "Meridian Ltd": partner}
