import csv
import io

import openpyxl

from engage.domain import ExportKind
from engage.exports import writers
from engage.models import Role
from engage.services import exports, programmes, users
from engage.services.links import create_link
from engage.services.reading import raw as raw_export
from tests.builders import build_world, close
from tests.conftest import PASSWORD, StaffClient, sign_in
from tests.services.test_insights import answer


def test_rows_are_anonymous_and_small_groups_share_their_blocks_label(admin):
    world = build_world(admin)
    tiny = programmes.save_group(world.link.organisation, "Tiny", 2)
    for index in range(6):
        answer(world, world.link, index, 4)
    answer(world, create_link(world.wave, world.link.organisation, tiny), 6, 1)
    close(world.wave)
    header, rows = raw_export.table(world.programme)
    assert header[:4] == ["Survey", "Wave", "Organisation and group", "Week of"]
    groups = [row[2] for row in rows]
    # before: the one person in Tiny carried the organisation's name while the six kept
    # their group's, so the odd row out was Tiny's. Now all seven share one label.
    assert groups == ["Testshire Council: Customer Services or Tiny"] * 7
    assert all("-W" in row[3] for row in rows)
    assert any(value == 4 for row in rows for value in row)  # ratings stay numbers


def test_only_admins_download_and_files_have_no_formulas(client, admin):
    world = build_world(admin)
    for index in range(5):
        answer(world, world.link, index, 4)
    staff = StaffClient(client, sign_in(client, admin.email))
    content = staff.export("/downloads/p/test/exports/responses.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[3][:2] == ["Survey", "Wave"]
    assert rows[4][:3] == ["Pulse", "1", "Testshire Council: Customer Services"]
    book = openpyxl.load_workbook(
        io.BytesIO(staff.export("/downloads/p/test/exports/responses.xlsx").data)
    )
    assert all(cell.data_type != "f" for row in book.active.iter_rows() for cell in row)
    staff.post("/auth/sign-out")
    director = users.create_user("dir@example.org", "D", PASSWORD)
    users.grant_role(director, world.programme, Role.DIRECTOR)
    viewer = StaffClient(client, sign_in(client, "dir@example.org"))
    assert viewer.post("/downloads/p/test/exports/responses.csv").status_code == 403
    admins_file = exports.latest(world.programme)[ExportKind.RESPONSES].id
    assert viewer.client.get(f"/downloads/p/test/exports/{admins_file}").status_code == 403
    assert "Raw anonymised responses" not in viewer.get("/downloads/p/test/exports").get_text()
    assert writers.MEDIA_TYPES["csv"].startswith("text/csv")
