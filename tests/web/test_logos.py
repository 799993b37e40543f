"""An organisation's logo: uploaded under its settings, kept as a clean PNG, served from
Engage with long caching, and shown on its survey pages with its name as the alt text."""

import io

import pytest
from PIL import Image

from engage.extensions import db
from engage.models import Organisation
from tests.builders import build_world, png_bytes
from tests.pages import checked_page


@pytest.fixture
def world(admin):
    return build_world(admin)


def upload(staff, world, data: bytes, **extra):
    organisation = db.session.get(Organisation, world.link.organisation_id)
    url = f"/manage/p/{world.programme.slug}/organisations/{organisation.id}/edit"
    form = {"name": organisation.name, "kind": organisation.kind.value, **extra}
    if data:
        form["logo_upload"] = (io.BytesIO(data), "logo.jpg")
    return staff.post(url, data=form, content_type="multipart/form-data"), organisation


def test_an_uploaded_logo_is_shown_on_the_survey_page_and_cached(staff, client, world):
    response, organisation = upload(staff, world, png_bytes((900, 300), format="JPEG"))
    assert response.status_code == 302
    db.session.refresh(organisation)
    page = checked_page(client.get(f"/s/{world.link.code}"))
    logo = page.select_one("img.organisation-logo")
    assert logo["alt"] == "Testshire Council"
    served = client.get(logo["src"])
    assert served.status_code == 200 and served.mimetype == "image/png"
    assert served.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert Image.open(io.BytesIO(served.data)).size == (320, 107)
    thanks = checked_page(client.get(f"/s/{world.link.code}/thanks"))
    assert thanks.select_one("img.organisation-logo")["src"] == logo["src"]


def test_a_new_logo_has_a_new_address_and_the_old_one_is_gone(staff, client, world):
    upload(staff, world, png_bytes(colour="red"))
    first = checked_page(client.get(f"/s/{world.link.code}")).select_one("img")["src"]
    upload(staff, world, png_bytes(colour="green"))
    second = checked_page(client.get(f"/s/{world.link.code}")).select_one("img")["src"]
    assert first != second
    assert client.get(first).status_code == 404 and client.get(second).status_code == 200


def test_a_bad_upload_is_refused_on_the_form_and_nothing_changes(staff, client, world):
    response, organisation = upload(staff, world, b"<svg onload=alert(1)></svg>")
    page = checked_page(response, 400)
    assert "PNG, JPEG, GIF or WebP" in page.select_one(".error-summary").get_text()
    db.session.refresh(organisation)
    assert organisation.logo_hash is None
    assert checked_page(client.get(f"/s/{world.link.code}")).select("img") == []


def test_the_logo_can_be_removed(staff, client, world):
    upload(staff, world, png_bytes())
    response, organisation = upload(staff, world, b"", remove_logo="y")
    assert response.status_code == 302
    db.session.refresh(organisation)
    assert organisation.logo_hash is None and organisation.logo is None
