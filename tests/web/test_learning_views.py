"""The analyst's control over imports and models, through the real pages (issue 13,
points 4 and 6): map unknown theme names, read the training report, preview, switch,
return to the rules, remove imported codes; each page through the page checker."""

import io
from collections import Counter

from sqlalchemy import func, select

from engage.extensions import db
from engage.models import AuditEvent, CodebookTheme, CodedExample, ProgrammeModel
from engage.services.reading import dashboard as insights
from tests.analysis.test_engine import coded_comments
from tests.builders import build_world, closed_wave_of_bins
from tests.pages import checked_page
from tests.services.test_imports import FOREIGN
from tests.services.test_training import coded_csv


def upload(staff, raw: bytes):
    response = staff.post(
        "/manage/p/test/codes",
        data={"file": (io.BytesIO(raw), "coded.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302 and "/codes/staged/" in response.location
    return response.location


def test_a_foreign_file_waits_for_every_theme_name_to_be_mapped(staff, admin):
    build_world(admin)
    where = upload(staff, FOREIGN)
    page = staff.get(where)
    selects = page.find_all("select")
    labels = [page.find("label", attrs={"for": s["id"]}).get_text() for s in selects]
    assert "Staff attitude" in labels and "Catering" in labels and len(labels) == 7
    assert db.session.scalar(select(func.count()).select_from(CodedExample)) == 0
    refused = checked_page(staff.post(where), 400)
    assert "Choose what to do with the theme 'Catering'" in refused.get_text()
    assert refused.title.get_text().startswith("Error:")
    assert db.session.scalar(select(func.count()).select_from(CodedExample)) == 0
    choices = {s["name"]: "drop" for s in selects}
    choices[selects[labels.index("Waiting times")]["name"]] = "add"
    done = staff.post(where, data=choices)
    assert done.status_code == 302
    codes = staff.get("/manage/p/test/codes").get_text()
    # row 4 had only a theme, now dropped: nothing of it is left to learn from
    assert "5 coded comments available for training, 5 of them imported from files" in codes
    assert (
        db.session.scalar(
            select(CodebookTheme).where(CodebookTheme.name == "Waiting times")
        ).phrases
        == []
    )
    theme_filter = staff.get("/manage/p/test/comments").get_text()
    assert "Waiting times" in theme_filter and "Catering" not in theme_filter


def test_training_report_preview_switch_and_return_to_the_rules(staff, admin):
    world = closed_wave_of_bins(admin)
    coded = coded_comments(120)
    where = upload(staff, coded_csv(coded))
    page = staff.get(where)
    assert Counter(c.themes[0] for c in coded)["Bins"] > 0
    names = {s.find_previous("label").get_text(): s["name"] for s in page.find_all("select")}
    assert (
        staff.post(where, data={names["Bins"]: "add", names["Parking"]: "add"}).status_code == 302
    )
    codes = staff.get("/manage/p/test/codes")
    text = " ".join(codes.get_text().split())
    assert "Comments are analysed with the codebook rules." in text
    assert "A trained model is waiting for your decision" in text
    assert "Themes: the trained model gives exactly your themes on" in text
    assert "Sentiment: the trained model agrees with your codes on" in text
    assert "f1" not in text.lower()
    model = db.session.scalar(select(ProgrammeModel))
    preview = staff.get(f"/manage/p/test/codes/model/{model.id}")
    table = preview.find("caption", string="Pulse: Wave 1").find_parent("table")
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
        for row in table.find("tbody").find_all("tr")
    ]
    assert ["Bins (share of comments)", "0%", "100%"] in rows
    assert insights.build(world.programme, insights.Filters()).revised == []
    switched = staff.post(f"/manage/p/test/codes/model/{model.id}/switch")
    assert switched.status_code == 302
    (note,) = insights.build(world.programme, insights.Filters()).revised
    assert "Bins in Wave 1 from 0% to 100%" in note.changes
    dashboard = staff.get("/insights/p/test/").get_text()
    assert "An analyst switched comment analysis from the codebook rules" in dashboard
    text = staff.get("/manage/p/test/codes").get_text()
    assert "a model trained on your codes (themes), in use since" in text
    confirm = staff.get("/manage/p/test/codes/rules").get_text()
    assert "Return to the codebook rules?" in confirm and "in use since" in confirm
    assert staff.post("/manage/p/test/codes/rules").status_code == 302
    assert (
        "Comments are analysed with the codebook rules."
        in staff.get("/manage/p/test/codes").get_text()
    )
    again = staff.post(f"/manage/p/test/codes/model/{model.id}/switch")
    assert again.status_code == 302  # decided already: said, not switched twice
    assert "already switched to or discarded" in staff.get("/manage/p/test/codes").get_text()
    removal = staff.get("/manage/p/test/codes/imported/remove").get_text()
    assert "120 coded comments came from imported files." in removal
    assert staff.post("/manage/p/test/codes/imported/remove").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(CodedExample)) == 0
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert [a for a in actions if a != "comments_viewed"][-4:] == [
        "codes_imported",
        "model_switched",
        "model_switched",
        "codes_removed",
    ]
