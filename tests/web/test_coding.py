"""Coding at speed, through the real pages: search, filters kept through recoding, next and
previous, several comments at once, the comment export and its minimum, and the badges."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pytest
from sqlalchemy import select

from engage.domain import AnswerValue, AuditAction
from engage.extensions import db
from engage.models import AuditEvent, CommentAnalysis
from engage.services import comments, links, programmes
from engage.services.reading import comments as reading
from tests.builders import build_world, close, fold

ROOT = Path(__file__).resolve().parents[2]
LIST = "/manage/p/test/comments"


def say(world, texts, salt="5555", link=None):
    """One person for each text, answering the "improve" question through ``link``."""
    from engage.services import responses

    question = next(q for q in world.wave.version.questions if q.code == "improve")
    for index, text in enumerate(texts):
        responses.submit(
            link or world.link,
            f"{index + 1:08x}-{salt}-4555-8555-555555555555",
            [AnswerValue(question.id, text=text)],
            date.today(),
        )
    fold()


def shown(page) -> list[str]:
    return [p.get_text() for p in page.select(".comment .user-text")]


def refs_on(page) -> list[str]:
    return [a["href"].split("?")[0].rsplit("/", 1)[1] for a in page.select("a[data-open]")]


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_search_escapes_wildcards_and_ignores_case(staff, admin):
    world = build_world(admin, headcount=60)
    say(world, ["We saved 50% on agency staff"] * 12, "0001")
    say(world, ["We saved 50 on agency staff, not much"] * 12, "0002")
    say(world, ["The a_b form is slow"] * 12, "0003")
    say(world, ["The axb form is slow"] * 12, "0004")
    percent = staff.get(LIST + "?search=50%25")
    assert "12 comments" in percent.get_text()
    assert set(shown(percent)) == {"We saved 50% on agency staff"}
    underscore = staff.get(LIST + "?search=A_B")  # any case; "_" is itself, not any letter
    assert set(shown(underscore)) == {"The a_b form is slow"}
    assert set(shown(staff.get(LIST + "?search=%25"))) == {"We saved 50% on agency staff"}
    assert "No comments match" in staff.get(LIST + "?search=nowhere+at+all").get_text()
    assert staff.get(LIST + "?search=a_b").select_one("#filter-search")["value"] == "a_b"


def test_search_reads_the_redacted_text_only(staff, admin):
    world = build_world(admin, headcount=40)
    say(world, ["Sarah Jones helped me with the rota"] * 12, "0011")
    say(world, ["Nobody helped me with the rota"] * 12, "0012")
    everyone = staff.get(LIST)
    assert "Sarah" not in everyone.get_text()  # redacted in the list...
    found = staff.get(LIST + "?search=Sarah")  # ...so a search cannot find who was named
    assert "No comments match" in found.get_text() and "Sarah" not in found.get_text()
    assert "24 comments" in staff.get(LIST + "?search=ROTA").get_text()


def test_a_search_too_few_people_match_is_hidden(staff, admin):
    world = build_world(admin, headcount=40)
    say(world, ["The printer on floor two is broken"] * 3 + ["Lunch is fine"] * 12, "0021")
    page = staff.get(LIST + "?search=printer")
    assert "Hidden" in page.get_text() and "printer" not in " ".join(shown(page))


def test_filters_and_page_are_kept_through_recoding_with_next_and_previous(staff, admin):
    world = build_world(admin, headcount=60)
    say(world, [f"Comment {n} about cuts" for n in range(30)], "0031")
    args = "search=cuts&sentiment=&page=2"
    page = staff.get(f"{LIST}?{args}")
    assert "page 2 of 2" in page.get_text()
    on_page = refs_on(page)
    assert len(on_page) == 5
    first = page.select_one("a[data-open]")["href"]
    assert query_of(first) == {"search": ["cuts"], "page": ["2"]}
    opened = staff.get(first)
    assert "Comment 26 of 30 in this list" in opened.get_text()
    previous = opened.select_one('a[rel="prev"]')["href"]
    assert query_of(previous)["page"] == ["1"]  # the 25th comment is on page 1
    following = opened.select_one('a[rel="next"]')["href"]
    assert refs_on_link(following) == on_page[1]
    back = opened.find("a", string="Back to the list")["href"]
    assert query_of(back) == {"search": ["cuts"], "page": ["2"]}
    saved = staff.post(first, data={"sentiment": "positive", "then": "next"})
    assert saved.status_code == 302
    assert refs_on_link(saved.headers["Location"]) == on_page[1]
    assert query_of(saved.headers["Location"]) == {"search": ["cuts"], "page": ["2"]}
    again = staff.post(following, data={"sentiment": "negative"})
    assert again.headers["Location"].startswith(LIST + "?")
    assert query_of(again.headers["Location"]) == {"search": ["cuts"], "page": ["2"]}
    last = staff.get(f"/manage/p/test/comments/{on_page[-1]}?{args}")
    assert last.select_one('a[rel="next"]') is None and not last.select("#save-next")
    recorded = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == AuditAction.COMMENTS_RECODED)
    ).all()
    assert len(recorded) == 2 and on_page[0] in recorded[0].detail
    assert "cuts" not in recorded[0].detail.replace("search", "")  # codes, never the text


def refs_on_link(url: str) -> str:
    return urlsplit(url).path.rsplit("/", 1)[1]


def test_several_comments_are_recoded_in_one_post(staff, admin):
    world = build_world(admin, headcount=40)
    say(world, [f"Comment {n} about cuts" for n in range(12)], "0041")
    page = staff.get(LIST + "?search=cuts")
    form = page.select_one('form[action*="/comments/together"]')
    assert form.find("input", attrs={"name": "csrf_token"})
    picked = refs_on(page)[:3]
    done = staff.post(
        form["action"],
        data={"ref": picked, "bulk-sentiment": "positive", "bulk-add_theme": "Workload"},
    )
    assert done.status_code == 302 and query_of(done.headers["Location"]) == {"search": ["cuts"]}
    rows = {row.ref: row for row in db.session.scalars(select(CommentAnalysis))}
    for ref, row in rows.items():
        if ref in picked:
            assert row.coded_sentiment == "positive" and "Workload" in row.coded_themes
        else:
            assert row.coded_sentiment is None and row.coded_themes is None
    (event,) = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == AuditAction.COMMENTS_RECODED)
    ).all()
    assert event.subject == "3 comments recoded together" and all(r in event.detail for r in picked)
    everyone = staff.post(
        form["action"],
        data={"all_on_page": "y", "on_page": refs_on(page), "bulk-remove_theme": "Workload"},
    )
    assert everyone.status_code == 302
    db.session.expire_all()
    assert all(
        "Workload" not in r.coded_themes for r in db.session.scalars(select(CommentAnalysis))
    )


def test_recoding_together_needs_a_choice_and_readable_comments(staff, admin):
    world = build_world(admin, headcount=40)
    say(world, [f"Comment {n} about cuts" for n in range(12)], "0051")
    page = staff.get(LIST)
    action = page.select_one('form[action*="/comments/together"]')["action"]
    nothing = staff.post(action, data={"bulk-sentiment": "positive"})
    checked = checked_400(nothing)
    assert "Select at least one comment" in checked.select_one(".error-summary").get_text()
    no_change = checked_400(staff.post(action, data={"ref": refs_on(page)[:2]}))
    assert "Choose a sentiment or a theme" in no_change.get_text()
    made_up = staff.post(
        action, data={"ref": [refs_on(page)[0], "made-up-ref"], "bulk-sentiment": "positive"}
    )
    assert made_up.status_code == 404
    assert all(row.coded_sentiment is None for row in db.session.scalars(select(CommentAnalysis)))


def checked_400(response):
    from tests.pages import checked_page

    return checked_page(response, 400)


def test_recoding_together_is_all_or_nothing(app, admin, monkeypatch):
    world = build_world(admin, headcount=40)
    say(world, [f"Comment {n} about cuts" for n in range(12)], "0061")
    refs = [row.ref for row in db.session.scalars(select(CommentAnalysis))][:4]
    applied = comments.BulkCodes.apply
    calls = []

    def fails_on_the_third(change, row):
        calls.append(row.ref)
        if len(calls) == 3:
            raise RuntimeError("the database went away")
        applied(change, row)

    monkeypatch.setattr(comments.BulkCodes, "apply", fails_on_the_third)
    with pytest.raises(RuntimeError):
        comments.recode_many(world.programme, refs, comments.BulkCodes("negative", "Workload"))
    db.session.expire_all()
    rows = db.session.scalars(select(CommentAnalysis)).all()
    assert all(row.coded_sentiment is None and row.coded_themes is None for row in rows)
    assert not db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == AuditAction.COMMENTS_RECODED)
    ).all()


def test_the_export_is_the_filtered_list_and_is_recorded(staff, admin):
    world = build_world(admin, headcount=40)
    say(world, ["=HYPERLINK('x') about cuts"] * 12 + ["Lunch is fine"] * 12, "0071")
    page = staff.get(LIST + "?search=cuts")
    link = page.find("a", string="CSV")["href"]
    assert query_of(link) == {"search": ["cuts"]}
    response = staff.client.get(link)
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    texts = [row[2] for row in rows if len(row) == 7 and row[0] != "Reference"]
    assert texts == ["'=HYPERLINK('x') about cuts"] * 12  # no formula, no lunch
    excel = staff.client.get(page.find("a", string="Excel")["href"])
    sheet = openpyxl.load_workbook(io.BytesIO(excel.get_data()))["Comments"]
    cells = [row[2] for row in sheet.iter_rows(min_row=4)]
    assert [cell.value for cell in cells] == ["=HYPERLINK('x') about cuts"] * 12
    assert {cell.data_type for cell in cells} == {"s"}  # a string cell, never a formula
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == AuditAction.EXPORT_DOWNLOADED)
    ).all()
    assert [e.detail for e in events] == ["Format: csv", "Format: xlsx"]
    assert "Search" in events[0].subject and "cuts" in events[0].subject


def test_the_export_never_holds_a_small_groups_comments(staff, admin):
    world = build_world(admin, headcount=40)
    council = world.programme.organisations[0]
    small = programmes.save_group(council, "Small team", 4)
    small_link = links.create_link(world.wave, council, small)
    say(world, ["Our big team likes the new rota"] * 12, "0081")
    say(world, ["Only we four know about the van"] * 3, "0082", link=small_link)
    close(world.wave)  # every group's comments released
    for query in (f"group={small.id}", "search=van"):
        response = staff.client.get(f"{LIST}.csv?{query}")
        assert response.status_code == 302, query  # hidden: no file, and nothing recorded
        assert "nothing to download" in staff.get(response.headers["Location"]).get_text()
    # The big group alone would give the small group's comments away by difference from
    # the whole list (which holds them among 15 people): hidden too, or without them.
    big = staff.client.get(f"{LIST}.csv?group={world.link.group_id}")
    assert big.status_code == 302 or "we four" not in big.get_data(as_text=True)
    whole = staff.client.get(f"{LIST}.csv").get_data(as_text=True)
    assert whole.count("Only we four") == 3 and whole.count("Our big team") == 12
    assert "15 comments" in staff.get(LIST).get_text()  # the file is the list, no more
    assert not db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == AuditAction.EXPORT_DOWNLOADED,
            AuditEvent.subject.contains("van"),
        )
    ).all()
    made = reading.page_of(world.programme, reading.Filters(search="van"), 1)
    assert made.comments == []


def test_sentiment_badges_have_their_own_colour_and_their_word(staff, admin):
    world = build_world(admin, headcount=40)
    say(world, ["The new system is excellent and helpful"] * 12, "0091")
    page = staff.get(LIST)
    badge = page.select_one(".comment .sentiment")
    assert badge.get_text() in ("Negative", "Neutral", "Positive")
    assert f"sentiment-{badge.get_text().lower()}" in badge["class"]
    css = (ROOT / "static" / "css" / "engage.css").read_text()
    colours = dict(
        (name, (background, text))
        for name, background, text in re.findall(
            r"\.sentiment-(\w+)\{background:(#\w{6});color:(#\w{6})\}", css
        )
    )
    assert set(colours) == {"negative", "neutral", "positive"}
    assert len({background for background, _ in colours.values()}) == 3
    for background, text in colours.values():
        assert contrast(background, text) >= 7  # WCAG AAA for small bold text


def contrast(one: str, two: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(one), luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_shortcuts_are_listed_and_served_as_a_file(staff, admin):
    world = build_world(admin, headcount=40)
    say(world, ["A comment about cuts"] * 12, "0101")
    for page in (staff.get(LIST), staff.get(staff.get(LIST).select_one("a[data-open]")["href"])):
        assert page.select_one("details#shortcuts summary").get_text() == "Keyboard shortcuts"
        scripts = page.find_all("script")
        assert scripts and all(s.get("src") and not s.string for s in scripts)
        served = staff.client.get(scripts[-1]["src"])
        assert served.status_code == 200 and b'"?"' in served.get_data()
