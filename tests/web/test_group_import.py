"""Groups pasted or uploaded with headcounts and a hierarchy: previewed, every wrong line
named, then saved whole."""

import io

from engage.extensions import db
from engage.group_lines import read_lines
from engage.models import Group
from engage.services import group_import
from tests.builders import build_world
from tests.pages import checked_page

PASTED = """name, headcount, parent
Housing
  Repairs, 70
  Lettings, 50
    Lettings North, 20
Customer Services, 25
Finance, 30, "Resources, Finance and IT"
"Resources, Finance and IT", 100
"""


def url(world) -> str:
    return f"/manage/p/test/organisations/{world.link.organisation_id}/groups/import"


def test_a_pasted_list_is_previewed_then_saved_with_its_hierarchy_and_rolled_up_headcounts(
    staff, admin
):
    world = build_world(admin)
    page = staff.get(url(world))
    assert page.select_one("textarea#groups") is not None
    preview = staff.post(url(world), {"groups": PASTED})
    page = checked_page(preview)
    rows = [row.get_text(" ", strip=True) for row in page.select("#preview ~ .table-wrap tr")[1:]]
    assert rows[:4] == [
        "Customer Services Directorate 25 Updated",
        "Housing Directorate 120 total of its groups New",
        "Lettings in Housing Service 50 New",
        "Lettings North in Lettings Team 20 New",
    ]
    assert db.session.query(Group).count() == 1  # a preview saves nothing
    saved = staff.post(url(world), {"groups": PASTED, "confirm": "1"})
    assert saved.status_code == 302
    housing = db.session.query(Group).filter_by(name="Housing").one()
    assert housing.headcount == 120
    assert sorted(child.name for child in housing.children) == ["Lettings", "Repairs"]
    lettings = db.session.query(Group).filter_by(name="Lettings").one()
    assert [c.name for c in lettings.children] == ["Lettings North"]
    assert housing.subtree_ids() == {housing.id, lettings.id, lettings.children[0].id} | {
        g.id for g in housing.children
    }
    assert db.session.query(Group).filter_by(name="Finance").one().parent.name == (
        "Resources, Finance and IT"
    )
    programme_page = staff.get("/manage/p/test/")
    cell = programme_page.find("td", string="Lettings North")
    assert cell is not None and "indent-2" in cell["class"]


def test_every_wrong_line_is_named_and_nothing_is_saved(staff, admin):
    world = build_world(admin)
    pasted = "Housing, lots\nRepairs, 5, Nowhere\n, 4\nA\n  B\n    C\n      D\nA, 3"
    response = staff.post(url(world), {"groups": pasted, "confirm": "1"})
    page = checked_page(response, 400)
    summary = page.select_one(".error-summary").get_text(" ", strip=True)
    assert 'Line 1: the headcount "lots" is not a whole number of people above 0' in summary
    assert "Line 3: enter the group's name before the comma" in summary
    assert "Line 8: A is already on line 4" in summary
    assert db.session.query(Group).count() == 1
    response = staff.post(url(world), {"groups": "Repairs, 5, Nowhere\nA\n  B\n    C\n      D"})
    summary = checked_page(response, 400).select_one(".error-summary").get_text(" ", strip=True)
    assert "Line 1: no group called Nowhere to put it in" in summary
    assert "Line 5: groups go at most three levels deep" in summary


def test_a_csv_upload_reads_like_a_paste(staff, admin):
    world = build_world(admin)
    upload = (
        io.BytesIO("\ufeffname,headcount,parent\nPlace,,\nParks,12,Place\n".encode()),
        "g.csv",
    )
    response = staff.post(url(world), {"upload": upload}, content_type="multipart/form-data")
    rows = checked_page(response).select("#preview ~ .table-wrap tbody tr")
    assert [row.get_text(" ", strip=True) for row in rows] == [
        "Place Directorate 12 total of its groups New",
        "Parks in Place Service 12 New",
    ]
    staff.post(url(world), {"groups": "Place\nParks, 12, Place", "confirm": "1"})
    assert db.session.query(Group).filter_by(name="Place").one().headcount == 12


def test_indentation_and_a_parent_column_say_the_same():
    indented, problems = read_lines("Housing, 10\n  Repairs, 70")
    columns, more = read_lines("Housing, 10\nRepairs, 70, Housing")
    assert not problems and not more
    assert [(g.name, g.parent) for g in indented] == [(g.name, g.parent) for g in columns]


def test_groups_already_there_keep_their_headcount_when_listed_under_a_new_parent(app, admin):
    world = build_world(admin)
    group_import.apply(world.link.organisation, "People\n  Customer Services\n  Housing, 30")
    people = db.session.query(Group).filter_by(name="People").one()
    assert world.link.group.headcount == 20 and world.link.group.parent is people
    assert people.headcount == 50


def test_a_parent_smaller_than_its_groups_is_refused(app, admin):
    world = build_world(admin)
    organisation = world.link.organisation
    plan = group_import.plan(organisation, "Housing, 10\n  Customer Services, 25")
    assert [str(p) for p in plan.problems] == [
        "Line 1: Housing has 10 people but its groups add up to 25"
    ]


def test_the_group_form_places_a_group_inside_another_but_never_inside_itself(staff, admin):
    world = build_world(admin)
    organisation = world.link.organisation
    group_import.apply(organisation, "People\n  Adults, 30\n    Reablement, 10")
    named = {group.name: group for group in organisation.groups}
    edit = f"/manage/p/test/organisations/{organisation.id}/groups/{world.link.group_id}/edit"
    page = staff.get(edit)
    assert [o.get_text() for o in page.select("select#parent option")][:3] == [
        "No other group",
        "People",
        "— Adults",
    ]
    moved = staff.post(
        edit, {"name": "Customer Services", "headcount": "20", "parent": named["People"].id}
    )
    assert moved.status_code == 302 and world.link.group.parent is named["People"]
    people_edit = f"/manage/p/test/organisations/{organisation.id}/groups/{named['People'].id}/edit"
    refused = staff.post(people_edit, {"name": "People", "parent": named["Reablement"].id})
    summary = checked_page(refused, 400).select_one(".error-summary").get_text(" ", strip=True)
    assert "People cannot sit inside itself or its own groups" in summary
    too_deep = staff.post(edit, {"name": "Customer Services", "parent": named["Reablement"].id})
    summary = checked_page(too_deep, 400).select_one(".error-summary").get_text(" ", strip=True)
    assert "at most three levels deep" in summary
