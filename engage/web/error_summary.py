"""Turn form errors into the error summary that ``base.html`` shows at the top of a page."""

from __future__ import annotations

from wtforms import Form
from wtforms.fields import RadioField, SelectMultipleField


def anchor_for(field) -> str:
    """The element a summary link moves focus to: the first option of a group."""
    if isinstance(field, RadioField | SelectMultipleField) and field.choices:
        return f"{field.id}-0"
    return field.id


def error_summary_items(form: Form | None, page_errors=None) -> list[tuple[str, str]]:
    items = list(page_errors or [])
    if form is None:
        return items
    for field in form:
        for message in field.errors:
            items.append((anchor_for(field), message))
    return items
