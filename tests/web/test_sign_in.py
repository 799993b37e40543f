"""Sign-in: limits per account and per client, and the same work and words for every email."""

import pytest

from engage.domain import AuditAction
from engage.models import AuditEvent
from engage.services import users
from tests.conftest import PASSWORD, csrf_token_from
from tests.pages import checked_page

WRONG = "Enter a correct email address and password"


def attempt(client, email: str, password: str | None = None, client_ip: str = "127.0.0.2"):
    password = password or "not-the-password"
    token = csrf_token_from(client.get("/auth/sign-in").get_data(as_text=True))
    return client.post(
        "/auth/sign-in",
        data={"email": email, "password": password, "csrf_token": token},
        environ_base={"REMOTE_ADDR": client_ip},
    )


@pytest.mark.parametrize("email", ["admin@example.org", "nobody@example.org"])
def test_an_account_is_locked_after_five_failures_known_or_not(client, admin, email):
    for _ in range(5):
        assert attempt(client, email).status_code == 400
    blocked = attempt(client, email, PASSWORD)  # even the right password waits
    page = checked_page(blocked, 429)
    message = page.select_one(".error-summary").get_text()
    assert "Too many attempts. Wait 1 minute" in message
    assert "reset your password" in message
    assert 0 < int(blocked.headers["Retry-After"]) <= 61
    # Another account from the same client is not blocked by this one.
    assert attempt(client, "other@example.org").status_code == 400


def test_a_client_is_limited_across_accounts(client, admin):
    for number in range(20):
        assert attempt(client, f"guess{number}@example.org").status_code == 400
    assert attempt(client, "guess-more@example.org").status_code == 429
    # A different client may still try.
    assert attempt(client, admin.email, PASSWORD, client_ip="127.0.0.3").status_code == 302


def test_successful_sign_ins_do_not_count(client, admin):
    for _ in range(8):
        assert attempt(client, admin.email, PASSWORD).status_code == 302
    assert attempt(client, admin.email).status_code == 400


def test_the_wait_grows_as_failures_go_on(client, admin, app):
    """Backoff: the tiers are 5 a minute, 10 in 15 minutes, 20 an hour, 50 a day."""
    from engage.extensions import limiter

    for _ in range(5):
        attempt(client, admin.email)
    first = int(attempt(client, admin.email).headers["Retry-After"])
    limiter.reset()
    app.config["ENGAGE_SIGN_IN_LIMITS_ACCOUNT"] = "50 per minute;5 per hour"
    for _ in range(5):
        attempt(client, admin.email)
    later = int(attempt(client, admin.email).headers["Retry-After"])
    assert first <= 61 and 3500 < later <= 3601


def test_known_and_unknown_emails_do_the_same_work_and_get_the_same_words(
    client, admin, monkeypatch
):
    disabled = users.create_user("gone@example.org", "Gone", PASSWORD)
    disabled.is_enabled = False
    calls = []
    original = users.check_password_hash

    def counted(hash_value, password):
        calls.append(hash_value)
        return original(hash_value, password)

    monkeypatch.setattr(users, "check_password_hash", counted)
    messages = []
    for email in (admin.email, "nobody@example.org", disabled.email):
        calls.clear()
        page = checked_page(attempt(client, email), 400)
        assert len(calls) == 1, email  # one real scrypt check, against a dummy hash if need be
        assert calls[0].startswith("scrypt:")
        messages.append(page.select_one(".error-summary").get_text(" ", strip=True))
    assert messages[0] == messages[1] == messages[2]
    assert WRONG in messages[0]


def test_sign_ins_and_failures_are_in_the_audit_log(client, admin):
    attempt(client, admin.email)
    attempt(client, "nobody@example.org")
    attempt(client, admin.email, PASSWORD)
    events = [(e.action, e.subject, e.user_id) for e in AuditEvent.query.order_by(AuditEvent.id)]
    assert events == [
        (AuditAction.SIGN_IN_FAILED, admin.email, admin.id),
        (AuditAction.SIGN_IN_FAILED, "nobody@example.org", None),
        (AuditAction.SIGNED_IN, admin.email, admin.id),
    ]


def test_limits_use_redis_when_redis_url_is_set():
    from engage.config import from_environment

    assert from_environment({})["RATELIMIT_STORAGE_URI"] == "memory://"
    configured = from_environment({"REDIS_URL": "redis://127.0.0.1:6379/3"})
    assert configured["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/3"


def test_behind_a_proxy_the_client_address_comes_from_x_forwarded_for(database_url, admin):
    from engage import create_app

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True, "ENGAGE_PROXY_HOPS": 1}
    )
    client = app.test_client()
    with app.app_context():
        for number in range(20):
            page = client.get("/auth/sign-in")
            token = csrf_token_from(page.get_data(as_text=True))
            client.post(
                "/auth/sign-in",
                data={"email": f"g{number}@example.org", "password": "x", "csrf_token": token},
                headers={"X-Forwarded-For": "127.0.0.9"},
            )
        token = csrf_token_from(client.get("/auth/sign-in").get_data(as_text=True))
        other = client.post(
            "/auth/sign-in",
            data={"email": "h@example.org", "password": "x", "csrf_token": token},
            headers={"X-Forwarded-For": "127.0.0.10"},
        )
        assert other.status_code == 400  # a different client behind the same proxy
