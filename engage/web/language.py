"""Which language a page is shown in: English, or Welsh where the programme offers it.

Only respondent pages (the survey, the notice, the thank-you page and the pages around them)
are translated; staff pages stay in English. A respondent page says whether Welsh is on
offer (``offer_welsh``) from the values it already read, so choosing the language costs no
query. The person's choice, made with a plain link (``?lang=cy``), is kept in the session
cookie beside the waves it answered: a language code, nothing that identifies anyone. With
no choice made, the browser's ``Accept-Language`` decides.
"""

from __future__ import annotations

import flask_babel
from flask import Flask, g, request, session, url_for
from flask_babel import Babel, format_date, get_locale, get_translations, refresh

ENGLISH, WELSH = "en", "cy"
LANGUAGES = (ENGLISH, WELSH)
NAMES = {ENGLISH: "English", WELSH: "Cymraeg"}
CHOICE = "lang"  # the query parameter and the session key

babel = Babel()


def select_locale() -> str:
    if not g.get("welsh_offered"):
        return ENGLISH
    chosen = session.get(CHOICE)
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES, default=ENGLISH)


def offer_welsh(offered: bool) -> None:
    """Called by a respondent page once it knows its programme: Welsh is then on offer if
    the programme offers it, and a ``?lang=`` link the person followed is kept."""
    g.welsh_offered = offered
    asked = request.args.get(CHOICE)
    if offered and asked in LANGUAGES and session.get(CHOICE) != asked:
        session[CHOICE] = asked
    refresh()  # the language may have been looked up before the page knew the offer


def current_language() -> str:
    if not g.get("welsh_offered"):  # the usual case, decided without asking Babel
        return ENGLISH
    return str(get_locale() or ENGLISH)


# The respondent's pages are the busiest; most programmes offer no Welsh, and then every
# message is its English self. These give it back without Babel's lookups (which cost as
# much as the rest of a page's text); with Welsh on offer they ask Babel as usual.


def gettext(string: str, **variables) -> str:
    if not g.get("welsh_offered"):
        return string % variables if variables else string
    return flask_babel.gettext(string, **variables)


def template_gettext(string: str) -> str:
    """For Jinja, which fills in the variables itself (escaping them)."""
    return get_translations().ugettext(string) if g.get("welsh_offered") else string


def template_ngettext(singular: str, plural: str, number: int) -> str:
    if g.get("welsh_offered"):
        return get_translations().ungettext(singular, plural, number)
    return singular if number == 1 else plural


def switch_links() -> list[tuple[str, str, str]]:
    """(language, its own name, address) for each language the page is not in, when the
    page offers a choice; the address is this page's, with ``lang`` set."""
    if not g.get("welsh_offered") or request.method != "GET" or request.endpoint is None:
        return []
    here = current_language()
    arguments = {**(request.view_args or {}), **request.args.to_dict()}
    return [
        (code, NAMES[code], url_for(request.endpoint, **{**arguments, CHOICE: code}))
        for code in LANGUAGES
        if code != here
    ]


def init_app(app: Flask) -> None:
    # WTForms' own messages are never shown (every check has its own words), and with
    # Flask-Babel present Flask-WTF would otherwise load WTForms' catalogue on every form.
    app.config.setdefault("WTF_I18N_ENABLED", False)
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.install_gettext_callables(template_gettext, template_ngettext, newstyle=True)
    app.jinja_env.globals.update(
        current_language=current_language, switch_links=switch_links, format_date=format_date
    )
