"""The optional TOTP second factor, its recovery codes and the programme's requirement."""

import re

import pyotp
import pytest

from engage.domain import AuditAction
from engage.models import AuditEvent, RecoveryCode, RememberToken, Role
from engage.services import two_factor, users
from tests.builders import build_world
from tests.conftest import PASSWORD, csrf_token_from
from tests.pages import checked_page


def set_up(staff, clock) -> tuple[str, list[str]]:
    page = staff.get("/auth/two-factor/setup")
    assert page.find("img")["src"].startswith("data:image/svg+xml")
    secret = page.find("code").get_text()
    code = pyotp.TOTP(secret).at(clock.now)
    done = checked_page(
        staff.post("/auth/two-factor/setup", data={"code": code, "current": PASSWORD})
    )
    return secret, [c.get_text() for c in done.select(".recovery-codes code")]


def password_step(client, email: str):
    token = csrf_token_from(client.get("/auth/sign-in").get_data(as_text=True))
    response = client.post(
        "/auth/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    return response.headers["Location"], token


@pytest.fixture
def with_factor(app, staff, admin, clock):
    secret, codes = set_up(staff, clock)
    staff.post("/auth/sign-out")
    return secret, codes


def test_setting_up_shows_a_local_qr_code_and_ten_recovery_codes(staff, admin, clock):
    secret, codes = set_up(staff, clock)
    assert two_factor.stored_secret(admin) == secret
    assert admin.totp_secret != secret and secret not in admin.totp_secret  # sealed at rest
    assert len(set(codes)) == 10 and all(re.fullmatch(r"[0-9a-f]{6}-[0-9a-f]{6}", c) for c in codes)
    assert AuditEvent.query.filter_by(action=AuditAction.TWO_FACTOR_ENABLED).count() == 1


def test_a_wrong_setup_code_turns_nothing_on(staff, admin, clock):
    staff.get("/auth/two-factor/setup")
    refused = staff.post("/auth/two-factor/setup", data={"code": "000000", "current": PASSWORD})
    assert "6-digit code" in checked_page(refused, 400).get_text()
    assert admin.totp_secret is None


def test_signing_in_needs_the_code_after_the_password(client, admin, with_factor, clock):
    secret, _ = with_factor
    location, token = password_step(client, admin.email)
    assert location.startswith("/auth/two-factor")
    assert client.get("/manage/").status_code == 302  # not signed in yet
    checked_page(client.get("/auth/two-factor"))
    wrong = client.post("/auth/two-factor", data={"code": "123456", "csrf_token": token})
    checked_page(wrong, 400)
    clock.advance(seconds=30)
    code = pyotp.TOTP(secret).at(clock.now)
    right = client.post("/auth/two-factor", data={"code": code, "csrf_token": token})
    assert right.status_code == 302
    assert client.get("/manage/").status_code == 200
    # The same code cannot be used again, even on a fresh sign-in.
    client.post("/auth/sign-out", data={"csrf_token": token})
    password_step(client, admin.email)
    again = client.post("/auth/two-factor", data={"code": code, "csrf_token": token})
    assert again.status_code == 400


def test_a_recovery_code_works_once(client, admin, with_factor):
    _, codes = with_factor
    _, token = password_step(client, admin.email)
    used = client.post("/auth/two-factor", data={"code": codes[0], "csrf_token": token})
    assert used.status_code == 302
    client.post("/auth/sign-out", data={"csrf_token": token})
    password_step(client, admin.email)
    again = client.post("/auth/two-factor", data={"code": codes[0], "csrf_token": token})
    assert again.status_code == 400


def test_the_password_step_is_forgotten_after_5_minutes(client, admin, with_factor, clock):
    secret, _ = with_factor
    _, token = password_step(client, admin.email)
    clock.advance(minutes=6)
    late = client.post(
        "/auth/two-factor", data={"code": pyotp.TOTP(secret).at(clock.now), "csrf_token": token}
    )
    assert late.status_code == 302 and late.headers["Location"] == "/auth/sign-in"
    assert client.get("/manage/").status_code == 302


def test_guessing_codes_is_limited(client, admin, with_factor):
    _, token = password_step(client, admin.email)
    for _ in range(5):
        client.post("/auth/two-factor", data={"code": "000000", "csrf_token": token})
    blocked = client.post("/auth/two-factor", data={"code": "000000", "csrf_token": token})
    assert blocked.status_code == 429


def test_a_programme_can_require_it_of_its_admins(app, staff, admin, clock):
    world = build_world(admin)
    saved = staff.post("/manage/p/test/settings/two-factor", data={"required": "y"})
    assert saved.status_code == 302 and world.programme.require_admin_two_factor
    # The site admin who turned it on is sent to set it up at the next click.
    assert staff.client.get("/manage/").headers["Location"] == "/auth/two-factor/setup"
    ada = users.create_user("ada@example.org", "Ada", PASSWORD)
    dora = users.create_user("dora@example.org", "Dora", PASSWORD)
    users.grant_role(ada, world.programme, Role.ADMIN)
    users.grant_role(dora, world.programme, Role.DIRECTOR)
    assert two_factor.required_for(ada) and not two_factor.required_for(dora)
    director = app.test_client()
    password_step(director, dora.email)
    assert director.get("/manage/").status_code == 200
    set_up(staff, clock)
    assert staff.client.get("/manage/").status_code == 200


def test_the_settings_page_shows_the_requirement(staff, admin):
    build_world(admin)
    page = staff.get("/manage/p/test/settings")
    assert page.find(id="required") is not None


def test_setting_up_needs_the_current_password(staff, admin, clock):
    page = staff.get("/auth/two-factor/setup")
    code = pyotp.TOTP(page.find("code").get_text()).at(clock.now)
    refused = staff.post("/auth/two-factor/setup", data={"code": code, "current": "wrong-one"})
    assert "current password is not correct" in checked_page(refused, 400).get_text()
    assert admin.totp_secret is None


def test_turning_it_off_needs_the_password_and_ends_the_recovery_codes(client, admin, staff, clock):
    set_up(staff, clock)
    checked_page(staff.client.get("/auth/two-factor/off"))
    wrong = staff.post("/auth/two-factor/off", data={"current": "wrong-one"})
    assert "not correct" in checked_page(wrong, 400).get_text() and admin.totp_secret
    done = staff.post("/auth/two-factor/off", data={"current": PASSWORD})
    assert done.status_code == 302 and admin.totp_secret is None
    assert AuditEvent.query.filter_by(action=AuditAction.TWO_FACTOR_DISABLED).count() == 1
    assert RecoveryCode.query.filter_by(user_id=admin.id).count() == 0


def test_it_cannot_be_turned_off_while_required(staff, admin, clock):
    build_world(admin)
    staff.post("/manage/p/test/settings/two-factor", data={"required": "y"})
    set_up(staff, clock)
    page = staff.get("/auth/two-factor/off")
    assert "cannot be turned off" in page.get_text() and page.find("form", method="post") is None
    refused = staff.post("/auth/two-factor/off", data={"current": PASSWORD})
    assert "cannot be turned off" in checked_page(refused, 400).get_text()
    assert admin.totp_secret is not None


def test_a_remembered_device_does_not_skip_a_required_factor(app, admin, clock):
    browser = app.test_client()
    token = csrf_token_from(browser.get("/auth/sign-in").get_data(as_text=True))
    browser.post(
        "/auth/sign-in",
        data={"email": admin.email, "password": PASSWORD, "remember": "y", "csrf_token": token},
    )
    assert browser.get_cookie("engage_device") is not None
    world = build_world(admin)
    two_factor.set_required(world.programme, True, admin)
    browser.delete_cookie("engage_session")  # the session is gone; only the device remains
    assert browser.get("/manage/").status_code == 302  # sent to sign in, not let in
    assert RememberToken.query.filter_by(user_id=admin.id).count() == 0


def test_a_secret_sealed_under_another_key_fails_safe(app, staff, admin, clock):
    from engage import sealing

    secret, _ = set_up(staff, clock)
    assert sealing.unseal(admin.totp_secret, "another-secret-key") is None
    app.config["SECRET_KEY"] = "rotated-" + app.config["SECRET_KEY"]
    assert two_factor.stored_secret(admin) is None
    assert not two_factor.verify(admin, pyotp.TOTP(secret).at(clock.now), clock.now)
