"""Redaction at the door, end to end: comments full of personal data are sent through the
real survey form; the folder stores each one's redacted copy; then every page, file and
API document a member of staff can open is searched for the personal data, and the SQL
they ran for the original text column. Only the raw download of originals, when the
programme allows it, gives the text as typed, and the audit log records it."""

import re

from bs4 import BeautifulSoup
from sqlalchemy import event, select

from engage.domain import AuditAction
from engage.extensions import db
from engage.models import Answer, AuditEvent
from tests.builders import build_world, close, fold
from tests.pages import checked_page

COMMENT = (  # the question takes 300 characters
    "Cuts again. Ring john smith on 07700 900123, john.smith@northbrook.gov.uk; NHS"
    " 943 476 5919, NI QQ 12 34 56 C, SW1A 2AA, born 12/03/1984. My manager Olu and"
    " Mr Patel ignored it, and O'Brien-Smith. Card 4111 1111 1111 1111 @jsmith77"
)
PERSONAL = [
    "john",
    "smith",
    "07700",
    "900123",
    "northbrook.gov",
    "943 476",
    "5919",
    "QQ 12",
    "SW1A",
    "1984",
    "Olu",
    "Patel",
    "O'Brien",
    "4111",
    "jsmith77",
]


def field(world, code):
    question = next(q for q in world.wave.version.questions if q.code == code)
    return f"q{question.id}"


def send_through_the_form(app, world, index):
    """One respondent, on their own device, through the survey page and its form."""
    client = app.test_client()
    page = checked_page(client.get(f"/s/{world.link.code}"))
    form = {f["name"]: f.get("value", "") for f in page.select("input[type=hidden]")}
    form |= {
        field(world, "tu_understand"): "2",
        field(world, "enps"): "3",
        field(world, "framing"): "Cutting costs",
        field(world, "improve"): f"{COMMENT} (person {index})",
    }
    thanks = checked_page(client.post(f"/s/{world.link.code}", data=form))
    assert "your answers have been sent" in thanks.h1.get_text()


def leaks(text: str) -> list[str]:
    return [item for item in PERSONAL if re.search(re.escape(item), text, re.I)]


class OriginalColumnWatch:
    """Every SQL statement that names the answers' original text column."""

    def __init__(self):
        self.seen: list[str] = []

    def __call__(self, _conn, _cursor, statement, *_args):
        if re.search(r"answers\.text\b", statement):
            self.seen.append(statement)


def every_view(staff, world) -> dict[str, str]:
    """What a member of staff can read: pages, the API, and every file."""
    slug, wave = "test", world.wave.id
    found = {}
    for url in (
        f"/manage/p/{slug}/comments",
        f"/insights/p/{slug}/comments",
        f"/insights/p/{slug}/",
        f"/manage/p/{slug}/codebook/discover",
        f"/manage/p/{slug}/waves/{wave}/",
    ):
        page = staff.get(url)
        found[url] = page.get_text(" ")
        for ref in re.findall(r"href=\"/manage/p/test/comments/([\w-]{8,})[\"?]", str(page)):
            found[ref] = staff.get(f"/manage/p/{slug}/comments/{ref}").get_text(" ")
    assert len(found) > 5, "no comment was opened by its reference"
    for url in (
        f"/api/v1/programmes/{slug}/dashboard",
        f"/downloads/p/{slug}/theme-summary.csv?wave={wave}",
    ):
        response = staff.client.get(url)
        assert response.status_code == 200, url
        found[url] = response.get_data(as_text=True)
    for export in ("responses.csv", "theme-summary.csv", "board-pack.html"):
        file = staff.export(f"/downloads/p/{slug}/exports/{export}")
        text = file.get_data(as_text=True)
        # What a reader of the printable page sees: its charts are base64 PNGs, whose
        # letters and digits could spell "4111" by chance.
        found[export] = (
            BeautifulSoup(text, "html.parser").get_text(" ") if ".html" in export else text
        )
    return found


def test_personal_data_sent_through_the_form_reaches_no_page_file_or_api(app, staff, admin):
    world = build_world(admin)
    for index in range(12):
        send_through_the_form(app, world, index)
    stored = db.session.scalars(select(Answer).where(Answer.text.is_not(None))).all()
    assert len(stored) == 12 and all(a.redacted is None for a in stored)  # not folded yet
    assert "12 comments" not in staff.get("/manage/p/test/comments").get_text()
    fold()
    close(world.wave)
    db.session.expire_all()
    copies = db.session.scalars(select(Answer.redacted).where(Answer.text.is_not(None))).all()
    assert len(copies) == 12 and not any(leaks(copy) for copy in copies), copies[0]
    watch = OriginalColumnWatch()
    event.listen(db.engine, "before_cursor_execute", watch)
    try:
        seen = every_view(staff, world)
    finally:
        event.remove(db.engine, "before_cursor_execute", watch)
    assert "Cuts again" in seen["/manage/p/test/comments"]  # comments are shown
    assert "[phone number removed]" in seen["responses.csv"]
    assert {where: leaks(text) for where, text in seen.items() if leaks(text)} == {}
    assert watch.seen == []


def test_originals_are_offered_only_while_the_programme_allows_it_and_audited(app, staff, admin):
    world = build_world(admin)
    for index in range(12):
        send_through_the_form(app, world, index)
    fold()
    close(world.wave)
    refused = staff.export("/downloads/p/test/exports/responses.csv", {"originals": "1"})
    assert leaks(refused.get_data(as_text=True)) == []  # the setting is off by default
    settings = staff.get("/manage/p/test/settings")
    assert "Original comments" in settings.get_text()
    assert (
        staff.post("/manage/p/test/settings/original-comments", data={"allowed": "y"}).status_code
        == 302
    )
    exports_page = staff.get("/downloads/p/test/exports").get_text(" ")
    assert "Make CSV with original comments (not redacted)" in exports_page
    file = staff.export("/downloads/p/test/exports/responses.csv", {"originals": "1"})
    assert "john.smith@northbrook.gov.uk" in file.get_data(as_text=True)
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    changed = [e for e in events if e.action == AuditAction.ORIGINAL_COMMENTS]
    assert [e.detail for e in changed] == ["Allowed for programme admins"]
    downloads = [e.subject for e in events if e.action == AuditAction.EXPORT_DOWNLOADED]
    assert downloads[-1] == "Responses with original comments (not redacted): all waves"
    staff.post("/manage/p/test/settings/original-comments", data={})
    job_id = int(re.search(r"/exports/(\d+)", file.request.path).group(1))
    assert staff.client.get(f"/downloads/p/test/exports/{job_id}").status_code == 302  # gone
