"""Single sign-on with OpenID Connect (Authlib): the authorization code flow with PKCE.

Off unless ``ENGAGE_OIDC_ISSUER`` and ``ENGAGE_OIDC_CLIENT_ID`` are set; then the sign-in
page shows one more button. Authlib keeps the flow's ``state``, ``nonce`` and PKCE verifier
in the (signed) session, refuses a callback whose state it did not start, and checks the ID
token's signature (against the provider's published keys), issuer, audience, expiry and
nonce. The only host ever contacted is the provider the settings name.
"""

from __future__ import annotations

from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import OAuth
from flask import Flask, abort, current_app, redirect, render_template, request, session, url_for
from joserfc.errors import JoseError
from requests import RequestException

from engage import security
from engage.services import single_sign_on
from engage.services.errors import SignInRefused
from engage.web.auth import absolute_url, bp
from engage.web.auth.forms import AcceptForm
from engage.web.auth.views import safe_next

CLIENT = "organisation"
NEXT_KEY = "sso_next"
BROKEN = (
    "Signing in with your organisation's account did not finish. It may have taken too long, "
    "or been started in another window. Try again."
)


def init_app(app: Flask) -> None:
    """Register the provider once per app; nothing is fetched until someone signs in."""
    config = app.config
    if not (config["ENGAGE_OIDC_DISCOVERY_URL"] and config["ENGAGE_OIDC_CLIENT_ID"]):
        return
    oauth = OAuth(app)
    oauth.register(
        CLIENT,
        client_id=config["ENGAGE_OIDC_CLIENT_ID"],
        client_secret=config["ENGAGE_OIDC_CLIENT_SECRET"] or None,
        server_metadata_url=config["ENGAGE_OIDC_DISCOVERY_URL"],
        client_kwargs={
            "scope": "openid email profile",
            "code_challenge_method": "S256",
            "default_timeout": config["ENGAGE_OIDC_TIMEOUT_SECONDS"],
        },
    )
    app.extensions["engage_sso"] = oauth


def provider():
    oauth = current_app.extensions.get("engage_sso")
    if oauth is None:
        abort(404)
    return oauth.create_client(CLIENT)


def label() -> str:
    return current_app.config["ENGAGE_OIDC_BUTTON_LABEL"]


@bp.post("/sso")
def sso_start():
    """A form button (with its CSRF token), so no other site can start a flow for you."""
    client = provider()
    if not AcceptForm().validate_on_submit():
        abort(400)
    session[NEXT_KEY] = safe_next(request.args.get("next"))
    try:
        return client.authorize_redirect(absolute_url("auth.sso_callback"))
    except (AuthlibBaseError, RequestException, ValueError):
        current_app.logger.exception("The OpenID provider could not be reached")
        return refused(BROKEN, 502)


@bp.get("/sso/callback")
def sso_callback():
    client = provider()
    try:
        token = client.authorize_access_token()
    except (AuthlibBaseError, JoseError, RequestException, ValueError) as error:
        single_sign_on.record_failure(label(), type(error).__name__)
        return refused(BROKEN, 400)
    claims = token.get("userinfo")
    if not claims:  # no ID token: nothing says who this is
        single_sign_on.record_failure(label(), "no ID token")
        return refused(BROKEN, 400)
    try:
        user = single_sign_on.account_for(claims, label())
    except SignInRefused as refusal:
        return refused(str(refusal), 403)
    target = session.pop(NEXT_KEY, None) or url_for("manage.home")
    if user.totp_secret:  # the same second step as after a password
        security.await_second_factor(user, remember=False)
        return redirect(url_for("auth.second_factor", next=target))
    security.sign_in(user, remember=False)
    return redirect(target)


def refused(message: str, status: int):
    return render_template("auth/sso_refused.html", message=message), status
