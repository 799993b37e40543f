import re
from datetime import date

from sqlalchemy import select

from engage.domain import AnswerValue, AuditAction
from engage.extensions import db
from engage.models import AnalysisJob, CodebookTheme, CommentAnalysis
from engage.services import audit, responses
from tests.builders import build_world, fold
from tests.pages import checked_page


def seed_comments(world, count=12):
    question = next(q for q in world.wave.version.questions if q.code == "improve")
    for index in range(count):
        responses.submit(
            world.link,
            f"{index + 1:08x}-1111-4111-8111-111111111111",
            [AnswerValue(question.id, text=f"<b>Comment {index}</b> about cuts")],
            date.today(),
        )
    fold()


def test_comment_list_filters_pages_and_recodes(staff, admin):
    world = build_world(admin)
    seed_comments(world)
    page = staff.get("/manage/p/test/comments")
    assert "12 comments" in page.get_text()
    assert "<b>Comment 0</b>" in page.get_text()  # escaped, shown as text
    staff.get("/manage/p/test/comments?theme=Cost+cutting&sentiment=negative&page=99")
    hidden = staff.get(f"/manage/p/test/comments?group={world.link.group_id}&sentiment=positive")
    assert "Hidden" in hidden.get_text() or "No comments" in hidden.get_text()
    ref = page.select_one("a[data-open]")["href"].rsplit("/", 1)[1]
    staff.get(f"/manage/p/test/comments/{ref}")
    saved = staff.post(
        f"/manage/p/test/comments/{ref}",
        data={"sentiment": "positive", "themes": ["Workload"]},
    )
    assert saved.status_code == 302
    row = db.session.scalar(select(CommentAnalysis).where(CommentAnalysis.ref == ref))
    assert (row.coded_sentiment, row.coded_themes) == ("positive", ["Workload"])
    bad = staff.post(f"/manage/p/test/comments/{ref}", data={"themes": ["Not a theme"]})
    assert bad.status_code == 400
    assert (
        "agrees with analysts on sentiment for 0 of 1"
        in staff.get("/manage/p/test/comments").get_text()
    )


def test_codebook_edits_start_a_reanalysis(staff, admin):
    world = build_world(admin)
    seed_comments(world, 3)
    staff.get("/manage/p/test/codebook")
    added = staff.post(
        "/manage/p/test/codebook", data={"name": "Payroll", "phrases": "payroll, pay slip*"}
    )
    assert added.status_code == 302
    clash = staff.post("/manage/p/test/codebook", data={"name": "Payroll", "phrases": "x"})
    assert clash.status_code == 400
    theme = db.session.scalar(select(CodebookTheme).where(CodebookTheme.name == "Payroll"))
    staff.post(
        f"/manage/p/test/codebook/{theme.id}",
        data={"name": "Pay", "phrases": "pay", "action": "save"},
    )
    # The edit page has no one-click removal: a link leads to a page that asks first.
    edit = staff.get(f"/manage/p/test/codebook/{theme.id}")
    assert edit.find("button", value="delete") is None and edit.find(
        "a", string="Remove this theme"
    )
    confirm = staff.get(f"/manage/p/test/codebook/{theme.id}/delete")
    assert "Remove this theme?" in confirm.h1.get_text() and "Pay" in confirm.get_text()
    staff.post(f"/manage/p/test/codebook/{theme.id}/delete")
    assert db.session.get(CodebookTheme, theme.id) is None
    assert staff.post("/manage/p/test/analysis/run").status_code == 302
    jobs = db.session.scalars(select(AnalysisJob)).all()
    assert len(jobs) == 4 and {job.status for job in jobs} == {"done"}
    assert "done, 3 of 3 comments (100%)" in staff.get("/manage/p/test/codebook").get_text()


def test_discovered_themes_can_join_the_codebook(staff, admin):
    world = build_world(admin, headcount=40)
    question = next(q for q in world.wave.version.questions if q.code == "improve")
    texts = [
        "The car park barrier is broken again",
        "Car park barrier stuck for days",
        "The canteen food is cold",
        "Canteen food could be warmer",
        "The civic centre lift is broken",
        "Civic centre lift out of order",
    ] * 5
    for index, text in enumerate(texts):
        responses.submit(
            world.link,
            f"{index + 1:08x}-2222-4222-8222-222222222222",
            [AnswerValue(question.id, text=text)],
            date.today(),
        )
    fold()
    page = staff.get("/manage/p/test/codebook/discover")
    labels = [h2.get_text().lower() for h2 in page.select("section h2")]
    assert any("car park barrier" in label for label in labels)
    read = audit.rows(world.programme)[0]  # examples of comments were shown: recorded
    assert (read.action, read.subject) == (
        AuditAction.COMMENTS_VIEWED,
        "Themes the codebook misses",
    )
    assert "example comments in" in read.detail and "barrier" not in read.detail
    lift = next(s for s in page.select("section") if "civic centre" in s.h2.get_text().lower())
    phrases = lift.find("textarea", attrs={"name": "phrases"}).get_text()
    preview = lift.find("button", attrs={"value": "preview"})
    assert preview["formaction"].startswith("/manage/p/test/codebook#")
    assert lift.find("input", attrs={"name": "name"})["value"][0].isupper()
    # Dropping asks first: the page names the phrases; only its button drops them.
    asked = checked_page(
        staff.post("/manage/p/test/codebook/discover", data={"phrases": phrases, "action": "drop"})
    )
    assert "Remove this group?" in asked.h1.get_text() and "civic centre" in asked.get_text()
    assert staff.get("/manage/p/test/codebook/discover").find(string=re.compile("(?i)civic"))
    confirm = {i["name"]: i["value"] for i in asked.select("main form input[type=hidden]")}
    assert confirm["action"] == "drop-confirmed"
    assert staff.post("/manage/p/test/codebook/discover", data=confirm).status_code == 302
    after = staff.get("/manage/p/test/codebook/discover")
    after_labels = [h2.get_text().lower() for h2 in after.select("section h2")]
    assert not any("civic centre" in label for label in after_labels)
    assert any("car park barrier" in label for label in after_labels)
    assert (
        staff.post(
            "/manage/p/test/codebook/discover",
            data={"name": "Car parks", "phrases": "car park barrier, car park"},
        ).status_code
        == 302
    )
    theme = db.session.scalar(select(CodebookTheme).where(CodebookTheme.name == "Car parks"))
    assert theme.phrases == ["car park barrier", "car park"]
    rows = db.session.scalars(select(CommentAnalysis)).all()
    assert sum("Car parks" in row.themes for row in rows) == 10
    merged = staff.post(
        "/manage/p/test/codebook/discover",
        data={"phrases": "canteen food", "merge_into": str(theme.id)},
    )
    assert merged.status_code == 302
    assert db.session.get(CodebookTheme, theme.id).phrases[-1] == "canteen food"


def test_uploading_coded_comments_checks_the_file_and_stores_nothing(staff, admin):
    import io

    from tests.analysis.test_engine import coded_comments
    from tests.services.test_training import coded_csv

    build_world(admin)
    staff.get("/manage/p/test/codes")
    bad = staff.post(
        "/manage/p/test/codes",
        data={"file": (io.BytesIO(b"id,text,question,sentiment,themes\n1,x,,grumpy,\n"), "c.csv")},
        content_type="multipart/form-data",
    )
    from tests.pages import checked_page

    page = checked_page(bad, 400)
    assert "row 2: sentiment 'grumpy'" in page.get_text()
    wrong_type = staff.post(
        "/manage/p/test/codes",
        data={"file": (io.BytesIO(b"x"), "c.txt")},
        content_type="multipart/form-data",
    )
    assert "must be a .csv file" in wrong_type.get_data(as_text=True)
    padding = b"9,a padding comment that makes the file larger than any answer,,positive,\n"
    big = coded_csv(coded_comments(120)) + b"\n" + padding * 4000
    assert len(big) > 256 * 1024  # larger than any survey answer may be
    good = staff.post(
        "/manage/p/test/codes",
        data={"file": (io.BytesIO(big), "coded.csv")},
        content_type="multipart/form-data",
    )
    assert good.status_code == 302 and "/codes/staged/" in good.location
    mapping = staff.get(good.location).get_text()
    assert "Nothing from this file is stored yet. It has 4,120 coded comments" in mapping
    rows = {
        name: sum(c.themes == (name,) for c in coded_comments(120)) for name in ("Bins", "Parking")
    }
    assert f"Bins In {rows['Bins']} rows of the file." in " ".join(mapping.split())
    assert db.session.scalars(select(AnalysisJob)).all() == []
    discard = staff.post(good.location + "/delete")
    assert discard.status_code == 302
    text = staff.get("/manage/p/test/codes").get_text()
    assert "0 coded comments available for training" in text
    assert "Nothing has been imported or trained yet." in text


def test_theme_summary_downloads_in_every_format(staff, admin, client):
    world = build_world(admin)
    seed_comments(world, 12)
    for fmt in ("docx", "xlsx", "csv", "html"):
        response = staff.client.get(f"/downloads/p/test/theme-summary.{fmt}?wave={world.wave.id}")
        assert response.status_code == 200 and len(response.data) > 200
        name = response.headers["Content-Disposition"]
        assert "test-pulse-wave-1-" in name and name.endswith(f'theme-summary.{fmt}"')
    html = staff.export("/downloads/p/test/exports/theme-summary.html")
    assert "script-src" not in html.headers["Content-Security-Policy"]
    assert "img-src" not in html.headers["Content-Security-Policy"]
    # without a wave, the immediate address sends you to the exports page
    assert staff.client.get("/downloads/p/test/theme-summary.csv").status_code == 302
    assert staff.client.get("/downloads/p/test/theme-summary.exe").status_code == 404
    assert staff.client.get("/downloads/p/test/theme-summary.csv?wave=999").status_code == 404
    staff.post("/auth/sign-out")
    assert client.get("/downloads/p/test/theme-summary.csv").status_code == 302


def test_background_work_shows_progress_and_can_be_cancelled(staff, admin, app):
    app.config["ENGAGE_JOBS_INLINE"] = False  # queued for the runner, as on the quickstart
    world = build_world(admin)
    seed_comments(world, 3)
    for _ in range(3):
        assert staff.post("/manage/p/test/codes/train").status_code == 302
    page = staff.get("/manage/p/test/codes").get_text()
    assert "Training (job 1): queued, 0 of 0 codes (0%)" in page
    assert "Training is already queued (job 1); it was not started twice." in page
    staff.post("/manage/p/test/analysis/run")
    # PostgreSQL spends an id on each refused insert, so ids are read rather than assumed
    job = db.session.scalar(select(AnalysisJob).where(AnalysisJob.kind == "reanalyse"))
    codebook = staff.get("/manage/p/test/codebook")
    assert f"Re-analysis (job {job.id}): queued, 0 of 3 comments (0%)" in codebook.get_text()
    assert codebook.find("button", string="Cancel re-analysis") is not None
    cancelled = staff.post(f"/manage/p/test/jobs/{job.id}/cancel", data={"back": "codebook"})
    assert cancelled.status_code == 302 and cancelled.location.endswith("/codebook#progress")
    page = staff.get("/manage/p/test/codebook").get_text()
    assert f"Re-analysis (job {job.id}): cancelled" in page
    assert staff.post("/manage/p/test/jobs/99/cancel").status_code == 404
    assert db.session.get(AnalysisJob, 1).status == "queued"
