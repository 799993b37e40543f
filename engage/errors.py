"""Plain error pages, in the same layout as everything else; JSON problems under ``/api/``.

A script calling the API cannot read an HTML page, so every error there (404, 403, 405, an
unexpected 500) comes back as ``{"status", "title"}`` in ``application/problem+json``.
"""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug import exceptions as http_exceptions
from werkzeug.exceptions import HTTPException, SecurityError

from engage.services.errors import NotFound

MESSAGES = {
    400: (
        _l("There was a problem with your request"),
        _l("Go back, check what you entered and try again."),
    ),
    403: (
        "You do not have access to this page",
        "Ask a programme admin to give you a role in this programme.",
    ),
    404: (
        _l("Page not found"),
        _l("If you typed the web address or a survey code, check it is correct."),
    ),
    405: ("That action is not allowed here", "Go back and use the buttons on the page."),
    410: (
        _l("This survey has closed"),
        _l(
            "It is not taking answers now, and we did not store what you sent. If you think "
            "it should still be open, ask the person who gave you the link."
        ),
    ),
    413: (
        _l("Your answers were too long to send"),
        _l(
            "Go back. Your answers should still be in the form. Make the longest answer "
            "shorter and send again."
        ),
    ),
    500: (
        _l("Sorry, there is a problem with the service"),
        _l("Nothing you sent was stored in part. Try again later."),
    ),
}


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, render_http_error)
    app.register_error_handler(CSRFError, render_csrf_error)
    app.register_error_handler(NotFound, render_not_found)


def render_not_found(_error: NotFound):
    """A service's "no such row in this programme" is the 404 page (never 403, which
    would confirm that another programme's row exists), wherever a view asked."""
    return render_http_error(http_exceptions.NotFound())


API_PREFIX = "/api/"


def problem(status: int, title: str, **extra):
    """A JSON error in the shape of RFC 9457 (problem details), with any extra members."""
    response = jsonify({"status": status, "title": title, **extra})
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response


def render_http_error(error: HTTPException):
    if isinstance(error, SecurityError):
        return refuse_untrusted_host()
    code = error.code or 500
    title, advice = MESSAGES.get(code, (error.name, error.description))
    if request.path.startswith(API_PREFIX):
        return problem(code, str(title))
    return render_template("errors/error.html", title=title, advice=advice, code=code), code


def refuse_untrusted_host():
    """A Host outside ``TRUSTED_HOSTS``: no page can be built, since every address on it
    would be built for that host; a short plain answer says what happened."""
    return Response(
        "400 Bad Request: this server does not answer to that host name.\n",
        status=400,
        mimetype="text/plain",
    )


def render_csrf_error(error: CSRFError):
    if request.path.startswith(API_PREFIX):
        return problem(400, "Your session timed out")
    advice = (
        "Your session timed out or this page was open for a long time. Go back, "
        "refresh the page and try again."
    )
    return render_template(
        "errors/error.html", title="Your session timed out", advice=advice, code=400
    ), 400
