import pytest

from engage.models import OrganisationKind, Role
from engage.services import access, programmes, responses, users
from engage.services.access import Action
from engage.services.errors import FieldError
from tests.builders import build_world
from tests.conftest import PASSWORD


def settings(programme, **changes):
    values = {
        "name": programme.name,
        "description": "",
        "min_group_size": 5,
        "min_comment_group_size": 10,
        "retention_months": 24,
        **changes,
    }
    return programmes.update_programme(programme, **values)


def test_creator_becomes_programme_admin(admin):
    programme = programmes.create_programme("P", "p-1", "", admin)
    assert admin.role_in(programme) == Role.ADMIN


@pytest.mark.parametrize("slug", ["", "Has Caps", "-edge", "a b", "x" * 65, "ünï"])
def test_bad_slugs_are_refused(admin, slug):
    with pytest.raises(FieldError):
        programmes.create_programme("P", slug, "", admin)


def test_duplicate_names_are_refused(admin):
    programme = programmes.create_programme("P", "p", "", admin)
    with pytest.raises(FieldError):
        programmes.create_programme("Q", "p", "", admin)
    council = programmes.save_organisation(programme, "Council", OrganisationKind.COUNCIL)
    with pytest.raises(FieldError):
        programmes.save_organisation(programme, "Council", OrganisationKind.OTHER)
    programmes.save_group(council, "ICT", 10)
    with pytest.raises(FieldError):
        programmes.save_group(council, "ICT", 12)


def test_threshold_has_a_floor_of_three(admin):
    programme = programmes.create_programme("P", "p", "", admin)
    with pytest.raises(FieldError, match="3 or more"):
        settings(programme, min_group_size=2)
    assert settings(programme, min_group_size=3).min_group_size == 3


def test_thresholds_cannot_be_lowered_once_there_are_answers(admin):
    world = build_world(admin)
    settings(world.programme, min_group_size=7)
    responses.submit(world.link, "8d3c8f2e-4b1a-4c7e-9a6b-1f2e3d4c5b6a", [], world.wave.opens_on)
    with pytest.raises(FieldError, match="cannot be lowered"):
        settings(world.programme, min_group_size=5)
    assert settings(world.programme, min_group_size=8).min_group_size == 8


def test_roles_decide_what_people_can_do(admin):
    programme = programmes.create_programme("P", "p", "", admin)
    director = users.create_user("dir@example.org", "Dee", PASSWORD)
    users.grant_role(director, programme, Role.DIRECTOR)
    assert access.can(director, Action.VIEW, programme)
    assert not access.can(director, Action.ORGANISE, programme)
    users.grant_role(director, programme, Role.ORGANISER)
    assert access.can(director, Action.ORGANISE, programme)
    assert not access.can(director, Action.ADMINISTER, programme)
    outsider = users.create_user("out@example.org", "Out", PASSWORD)
    assert not access.can(outsider, Action.VIEW, programme)
    assert access.programmes_for(outsider) == []
    assert access.programmes_for(admin) == [programme]
