"""Sessions end on the server: sign-out, a new password, a removed role and a disabled
account each kill a cookie copied beforehand, and sessions time out by the (frozen) clock."""

from engage.config import session_settings
from engage.domain import AuditAction
from engage.models import AuditEvent, Role
from engage.services import users
from tests.builders import build_world
from tests.conftest import PASSWORD, StaffClient, csrf_token_from, sign_in

SESSION = "engage_session"
DEVICE = "engage_device"


def signed_in(app, email: str, remember: bool = False) -> StaffClient:
    client = app.test_client()
    token = csrf_token_from(client.get("/auth/sign-in").get_data(as_text=True))
    data = {"email": email, "password": PASSWORD, "csrf_token": token}
    if remember:
        data["remember"] = "y"
    assert client.post("/auth/sign-in", data=data).status_code == 302
    return StaffClient(client, token)


def stolen(app, source, *names: str):
    """A second browser holding copies of ``source``'s cookies, as a thief would."""
    thief = app.test_client()
    for name in names or (SESSION,):
        cookie = source.client.get_cookie(name)
        if cookie is not None:
            thief.set_cookie(name, cookie.value)
    return thief


def is_signed_in(client) -> bool:
    response = client.get("/manage/")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def test_sign_out_ends_the_session_a_copied_cookie_carries(app, admin):
    staff = signed_in(app, admin.email)
    copy = stolen(app, staff)
    assert is_signed_in(copy)
    staff.post("/auth/sign-out")
    assert not is_signed_in(copy)
    assert not is_signed_in(staff.client)
    assert AuditEvent.query.filter_by(action=AuditAction.SIGNED_OUT).count() == 1


def test_sign_out_ends_every_other_device_and_remembered_device(app, admin):
    laptop = signed_in(app, admin.email, remember=True)
    phone = signed_in(app, admin.email)
    remembered = stolen(app, laptop, DEVICE)  # the device cookie alone
    laptop.post("/auth/sign-out")
    assert not is_signed_in(phone.client)
    assert not is_signed_in(remembered)


def test_a_password_change_ends_other_sessions_and_keeps_this_one(app, admin):
    laptop = signed_in(app, admin.email)
    phone = signed_in(app, admin.email, remember=True)
    old_phone = stolen(app, phone, SESSION, DEVICE)
    changed = laptop.post(
        "/auth/password",
        data={"current": PASSWORD, "password": "new staple river", "confirm": "new staple river"},
    )
    assert changed.status_code == 302
    assert is_signed_in(laptop.client)
    assert not is_signed_in(phone.client)
    assert not is_signed_in(old_phone)


def test_removing_a_role_signs_the_person_out_at_once(app, admin):
    world = build_world(admin)
    dora = users.create_user("dora@example.org", "Dora", PASSWORD)
    users.grant_role(dora, world.programme, Role.DIRECTOR, by=admin)
    director = signed_in(app, dora.email, remember=True)
    assert director.client.get("/manage/p/test/").status_code == 200
    staff = signed_in(app, admin.email)
    removed = staff.post(f"/manage/p/test/people/{dora.id}/remove")
    assert removed.status_code == 302
    assert not is_signed_in(director.client)
    assert dora.role_in(world.programme) is None
    assert [e.action for e in AuditEvent.query.filter_by(programme_id=world.programme.id)][
        -1
    ] == AuditAction.ROLE_REMOVED


def test_the_last_programme_admin_cannot_be_removed(app, admin):
    world = build_world(admin)
    users.grant_role(admin, world.programme, Role.ADMIN)
    staff = signed_in(app, admin.email)
    staff.post(f"/manage/p/test/people/{admin.id}/remove")
    assert admin.role_in(world.programme) == Role.ADMIN
    assert is_signed_in(staff.client)


def test_disabling_an_account_ends_its_sessions(app, admin):
    staff = signed_in(app, admin.email, remember=True)
    copy = stolen(app, staff, SESSION, DEVICE)
    result = app.test_cli_runner().invoke(args=["disable-user", "--email", admin.email])
    assert result.exit_code == 0, result.output
    assert not is_signed_in(staff.client)
    assert not is_signed_in(copy)


def test_sessions_end_after_30_idle_minutes(app, admin, clock):
    staff = signed_in(app, admin.email)
    clock.advance(minutes=29)
    assert is_signed_in(staff.client)
    clock.advance(minutes=29)  # 29 minutes since the last request
    assert is_signed_in(staff.client)
    clock.advance(minutes=31)
    assert not is_signed_in(staff.client)


def test_sessions_end_12_hours_after_sign_in_however_busy(app, admin, clock):
    staff = signed_in(app, admin.email)
    for _ in range(11 * 3):  # a request every 20 minutes for 11 hours
        clock.advance(minutes=20)
        assert is_signed_in(staff.client)
    clock.advance(minutes=61)
    assert not is_signed_in(staff.client)


def test_timeouts_follow_the_settings(app, admin, clock):
    app.config["ENGAGE_SESSION_IDLE_MINUTES"] = 5
    staff = signed_in(app, admin.email)
    clock.advance(minutes=6)
    assert not is_signed_in(staff.client)


def test_a_remembered_device_comes_back_with_a_new_token_each_time(app, admin, clock):
    staff = signed_in(app, admin.email, remember=True)
    first = staff.client.get_cookie(DEVICE).value
    clock.advance(hours=13)  # the session is over; the device is remembered
    assert is_signed_in(staff.client)
    second = staff.client.get_cookie(DEVICE).value
    assert second != first
    replay = app.test_client()
    replay.set_cookie(DEVICE, first)  # a replaced token, replayed: the device is forgotten
    clock.advance(minutes=1)
    assert not is_signed_in(replay)
    clock.advance(hours=13)
    assert not is_signed_in(staff.client)  # the real device too: someone copied its cookie


def test_two_tabs_reopening_together_both_get_in(app, admin, clock):
    staff = signed_in(app, admin.email, remember=True)
    first = staff.client.get_cookie(DEVICE).value
    clock.advance(hours=13)
    other_tab = app.test_client()
    other_tab.set_cookie(DEVICE, first)
    assert is_signed_in(staff.client)
    clock.advance(seconds=5)
    assert is_signed_in(other_tab)  # sent the old token a moment after the first tab


def test_a_remembered_device_is_forgotten_30_days_after_the_password_sign_in(app, admin, clock):
    staff = signed_in(app, admin.email, remember=True)
    for _ in range(29):
        clock.advance(days=1)
        assert is_signed_in(staff.client)
    clock.advance(days=1, minutes=1)
    assert not is_signed_in(staff.client)


def test_only_hashes_of_session_and_device_secrets_are_stored(app, admin):
    from engage.models import RememberToken, UserSession

    staff = signed_in(app, admin.email, remember=True)
    device = staff.client.get_cookie(DEVICE).value
    stored = [row.token_hash for row in UserSession.query] + [
        row.token_hash for row in RememberToken.query
    ]
    assert len(stored) == 2 and device not in stored
    assert all(len(value) == 64 for value in stored)


def test_cookies_are_host_prefixed_secure_lax_and_http_only_in_production(app, admin):
    app.config.update(session_settings({}, production=True))
    client = app.test_client()
    token = sign_in_token(client)
    response = client.post(
        "/auth/sign-in",
        base_url="https://localhost",
        headers={"Referer": "https://localhost/auth/sign-in"},  # Flask-WTF checks it on HTTPS
        data={"email": admin.email, "password": PASSWORD, "remember": "y", "csrf_token": token},
    )
    assert response.status_code == 302
    cookies = response.headers.getlist("Set-Cookie")
    for name in ("__Host-engage_session=", "__Host-engage_device="):
        (cookie,) = [c for c in cookies if c.startswith(name)]
        for attribute in ("Secure", "HttpOnly", "Path=/", "SameSite=Lax"):
            assert attribute in cookie, (name, attribute)
        assert "Domain" not in cookie
    assert not any(c.startswith("remember_token") for c in cookies)  # Flask-Login's id|HMAC


def sign_in_token(client) -> str:
    page = client.get("/auth/sign-in", base_url="https://localhost")
    return csrf_token_from(page.get_data(as_text=True))


def test_the_conftest_helper_still_signs_in(client, admin):
    assert sign_in(client, admin.email)
    assert is_signed_in(client)
