from datetime import date

import pytest

from engage.models import OrganisationKind
from engage.services import links, programmes, responses
from engage.services.errors import FieldError
from engage.services.links import CODE_ALPHABET
from engage.services.reading import links as link_counts
from tests.builders import build_world


def test_codes_are_typeable_and_forgiving(admin):
    world = build_world(admin)
    code = world.link.code
    assert len(code) == 8 and set(code) <= set(CODE_ALPHABET)
    assert not set(code) & set("01OIL")
    typed = f" {code[:4].lower()}-{code[4:]} "
    assert links.by_code(typed) == world.link
    assert links.by_code("nope") is None
    assert world.link.display_code == f"{code[:4]}-{code[4:]}"


def test_links_stay_inside_their_programme(admin):
    world = build_world(admin)
    other = programmes.create_programme("Other", "other", "", admin)
    stranger = programmes.save_organisation(other, "Elsewhere", OrganisationKind.OTHER)
    with pytest.raises(FieldError):
        links.create_link(world.wave, stranger, None)
    council = world.link.organisation
    partner = programmes.save_organisation(
        world.programme, "Partner", OrganisationKind.PRIVATE_PARTNER
    )
    with pytest.raises(FieldError):
        links.create_link(world.wave, partner, council.groups[0])


def submit_many(link, count: int, salt: str = "1111") -> None:
    for index in range(count):
        responses.submit(link, f"{index + 1:08x}-{salt}-4111-8111-111111111111", [], date.today())


def test_counts_and_response_rate(admin):
    world = build_world(admin)
    submit_many(world.link, 6)
    whole_org = links.create_link(world.wave, world.link.organisation, None)
    counts = {row.link.id: row for row in link_counts.counts_for(world.wave)}
    assert counts[world.link.id].responses == 6
    assert counts[world.link.id].response_rate == pytest.approx(6 / 20)
    assert counts[whole_org.id].responses == 0
    assert counts[whole_org.id].response_rate is None


def test_counts_under_the_minimum_and_their_sibling_are_hidden(admin):
    world = build_world(admin)
    other = links.create_link(world.wave, world.link.organisation, None)
    submit_many(world.link, 2)
    submit_many(other, 9, salt="2222")
    counts = {row.link.id: row for row in link_counts.counts_for(world.wave)}
    small, sibling = counts[world.link.id], counts[other.id]
    assert (small.responses, small.hidden_because, small.response_rate) == (
        None,
        "fewer than 5",
        None,
    )
    assert (sibling.responses, sibling.hidden_because) == (None, "would reveal a smaller group")


def test_qr_code_is_a_local_svg():
    svg = links.qr_svg("https://engage.example.org/s/ABCDEFGH")
    assert svg.startswith("<svg") and "<path" in svg and "<title>QR code for" in svg
    assert "<script" not in svg


def test_qr_code_scales_with_the_page():
    """A viewBox and no width or height: the room view and the poster size it."""
    svg = links.qr_svg("https://engage.example.org/s/ABCDEFGH")
    opening = svg[: svg.index(">")]
    assert "viewBox=" in opening and "width=" not in opening and "height=" not in opening
