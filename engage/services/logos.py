"""Organisations' logos: checked and re-encoded on upload (``engage.images``), kept in the
database beside the organisation, and read back by the hash that names them.

Kept in the database, not in a folder, so that every web worker and every machine serves
the same logo with nothing to copy, and a backup of the database holds everything.
"""

from __future__ import annotations

from sqlalchemy import select

from engage import images
from engage.extensions import db
from engage.models import Organisation
from engage.services.errors import FieldError
from engage.services.lookup import LARGEST_ID


def checked(data: bytes) -> images.Logo:
    """The upload as a clean PNG, or ``FieldError`` on the upload field saying what is wrong."""
    try:
        return images.checked_logo(data)
    except images.ImageProblem as problem:
        raise FieldError("logo_upload", str(problem)) from None


def attach(organisation: Organisation, logo: images.Logo | None) -> None:
    """Give the organisation this logo (None: take its logo away)."""
    organisation.logo = logo.png if logo else None
    organisation.logo_hash = logo.digest if logo else None
    db.session.commit()


def png_for(organisation_id: int, digest: str) -> bytes | None:
    """The logo's bytes if ``digest`` still names it; an old address finds nothing."""
    if not 0 < organisation_id <= LARGEST_ID:  # no such id; the database would refuse it
        return None
    return db.session.scalar(
        select(Organisation.logo).where(
            Organisation.id == organisation_id, Organisation.logo_hash == digest
        )
    )
