"""Single sign-on against a real OpenID provider (oidc-provider-mock) on a local port.

The whole authorization code flow runs over HTTP: Engage redirects to the provider, the test
"logs in" there as a chosen subject, the provider redirects back with a code, and Engage
exchanges it (with its PKCE verifier), checks the ID token and signs in, or refuses.
"""

from __future__ import annotations

import base64
import hashlib
import io
import threading
from urllib.parse import parse_qs, urlsplit

import oidc_provider_mock
import pyotp
import pytest
import requests
from werkzeug.serving import make_server

from engage.domain import AuditAction
from engage.extensions import db
from engage.models import AuditEvent, UserSession
from engage.services import two_factor, users
from tests import conftest
from tests.conftest import PASSWORD, csrf_token_from
from tests.pages import checked_page

LABEL = "Sign in with Northbrook Council"


class TokenRequests:
    """WSGI middleware on the provider that keeps every token request's form, to check PKCE."""

    def __init__(self, wsgi_app):
        self.wsgi_app, self.forms = wsgi_app, []

    def __call__(self, environ, start_response):
        if environ["PATH_INFO"] == "/oauth2/token":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(length)
            environ["wsgi.input"] = io.BytesIO(body)  # the provider reads it again
            self.forms.append({k: v[0] for k, v in parse_qs(body.decode()).items()})
        return self.wsgi_app(environ, start_response)


@pytest.fixture(scope="module")
def provider():
    """The provider on a free local port, in a thread, for this module's tests."""
    made = oidc_provider_mock.app(require_nonce=True)
    recorder = TokenRequests(made.wsgi_app)
    made.wsgi_app = recorder
    server = make_server("localhost", 0, made, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    yield f"http://localhost:{server.server_port}", recorder
    server.shutdown()
    thread.join()
    server.server_close()


@pytest.fixture
def sso_app(database_url, provider):
    issuer, _ = provider
    with conftest.running_app(
        database_url,
        ENGAGE_OIDC_DISCOVERY_URL=issuer + "/.well-known/openid-configuration",
        ENGAGE_OIDC_CLIENT_ID="engage-test",
        ENGAGE_OIDC_CLIENT_SECRET="engage-test-secret",
        ENGAGE_OIDC_BUTTON_LABEL=LABEL,
    ) as app:
        yield app


@pytest.fixture
def browser(sso_app):
    return sso_app.test_client()


@pytest.fixture
def ada(sso_app):
    return users.create_user("ada@example.org", "Ada Admin", PASSWORD, site_admin=True)


def person(provider, sub: str, **claims) -> str:
    issuer, _ = provider
    requests.put(f"{issuer}/users/{sub}", json=claims, timeout=10).raise_for_status()
    return sub


def start(browser) -> str:
    """Press the sign-in page's button: the provider's authorization URL."""
    response = browser.get("/auth/sign-in")
    page = checked_page(response)
    button = page.select_one("form[action^='/auth/sso'] button")
    assert button.get_text(strip=True) == LABEL
    token = csrf_token_from(response.get_data(as_text=True))
    response = browser.post("/auth/sso", data={"csrf_token": token})
    assert response.status_code == 302
    return response.headers["Location"]


def log_in_at_provider(authorize_url: str, sub: str) -> str:
    """The provider's login form, as a person would submit it: the redirect back to Engage."""
    response = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=10)
    assert response.status_code == 302, response.text
    back = urlsplit(response.headers["Location"])
    assert back.netloc == "engage.example.org" and back.path == "/auth/sso/callback"
    return f"{back.path}?{back.query}"


def test_the_code_flow_signs_in_an_existing_account_with_pkce(browser, ada, provider):
    sub = person(provider, "ada-sub", email="ADA@example.org", email_verified=True)
    authorize_url = start(browser)
    asked = parse_qs(urlsplit(authorize_url).query)
    assert authorize_url.startswith(provider[0] + "/oauth2/authorize")
    assert asked["code_challenge_method"] == ["S256"] and asked["nonce"][0] and asked["state"][0]
    assert asked["redirect_uri"] == ["https://engage.example.org/auth/sso/callback"]
    assert browser.get("/manage/").status_code == 302  # not yet
    done = browser.get(log_in_at_provider(authorize_url, sub))
    assert done.status_code == 302 and done.headers["Location"] == "/manage/"
    assert browser.get("/manage/").status_code == 200
    # PKCE: the verifier sent with the code is the one the challenge was made from.
    verifier = provider[1].forms[-1]["code_verifier"]
    digest = hashlib.sha256(verifier.encode()).digest()
    assert base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == asked["code_challenge"][0]
    # The same server-side session as a password sign-in, and the method in the log.
    assert db.session.query(UserSession).filter_by(user_id=ada.id).count() == 1
    event = AuditEvent.query.filter_by(action=AuditAction.SIGNED_IN).one()
    assert event.user_id == ada.id and event.detail == f"Single sign-on: {LABEL}"
    # Signing out ends it like any other session.
    browser.post("/auth/sign-out", data={"csrf_token": csrf_token_from_manage(browser)})
    assert browser.get("/manage/").status_code == 302


def csrf_token_from_manage(browser) -> str:
    return csrf_token_from(browser.get("/manage/").get_data(as_text=True))


@pytest.mark.parametrize(
    ("claims", "words"),
    [
        ({"email": "ada@example.org", "email_verified": False}, "did not confirm"),
        ({"email": "ada@example.org"}, "did not confirm"),
        ({"email": "ada@example.org", "email_verified": "yes"}, "did not confirm"),
        ({"email": "stranger@example.org", "email_verified": True}, "ask a programme admin"),
    ],
)
def test_unverified_or_unknown_emails_are_refused(browser, ada, provider, claims, words):
    sub = person(provider, f"sub-{len(claims)}-{claims['email']}", **claims)
    response = browser.get(log_in_at_provider(start(browser), sub))
    page = checked_page(response, 403)
    assert words in page.get_text()
    assert browser.get("/manage/").status_code == 302
    assert users.find_by_email("stranger@example.org") is None  # never created
    failed = AuditEvent.query.filter_by(action=AuditAction.SIGN_IN_FAILED).one()
    assert failed.detail.startswith(f"Single sign-on: {LABEL}: ")


def test_a_disabled_account_is_refused(browser, ada, provider):
    sub = person(provider, "ada-disabled", email="ada@example.org", email_verified=True)
    users.disable(ada, None)
    response = browser.get(log_in_at_provider(start(browser), sub))
    assert "disabled" in checked_page(response, 403).get_text()
    assert browser.get("/manage/").status_code == 302


def test_a_wrong_or_replayed_state_is_refused(browser, ada, provider):
    sub = person(provider, "ada-state", email="ada@example.org", email_verified=True)
    callback = log_in_at_provider(start(browser), sub)
    forged = callback.replace("state=", "state=x")
    checked_page(browser.get(forged), 400)
    assert browser.get("/manage/").status_code == 302
    # The callback of a flow started in another browser does not sign this one in.
    other = browser.application.test_client()
    checked_page(other.get(callback), 400)
    assert other.get("/manage/").status_code == 302


def test_a_wrong_nonce_is_refused(browser, ada, provider):
    sub = person(provider, "ada-nonce", email="ada@example.org", email_verified=True)
    callback = log_in_at_provider(start(browser), sub)
    with browser.session_transaction() as session:
        for key, value in session.items():
            if key.startswith("_state_"):
                value["data"]["nonce"] = "not-the-nonce-sent"
                session[key] = value
    checked_page(browser.get(callback), 400)
    assert browser.get("/manage/").status_code == 302


def test_the_second_factor_still_follows(browser, ada, provider, sso_app):
    secret = two_factor.new_secret()
    clock_now = sso_app.config["ENGAGE_CLOCK"]()
    two_factor.enable(ada, secret, pyotp.TOTP(secret).at(clock_now), clock_now, PASSWORD)
    sub = person(provider, "ada-totp", email="ada@example.org", email_verified=True)
    response = browser.get(log_in_at_provider(start(browser), sub))
    assert response.headers["Location"].startswith("/auth/two-factor")
    assert browser.get("/manage/").status_code == 302  # not until the code


def test_off_without_settings(client):
    page = checked_page(client.get("/auth/sign-in"))
    assert page.select_one("form[action^='/auth/sso']") is None
    assert client.post("/auth/sso").status_code in (400, 404)
    assert client.get("/auth/sso/callback?code=x&state=y").status_code == 404
