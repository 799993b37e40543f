"""Single-use codes: for a small group, each person gets a code that sends one response.

A code is marked used in the same transaction that stores the response, by a conditional
update, so two people racing with one code store one response. Nothing links the response
to the code: the response row has no column for it, and the code keeps only the day it
was used, so neither the code nor the order of use points at anyone's answers.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, update

from engage.domain import AuditAction
from engage.extensions import db
from engage.models import AccessCode, Link, User
from engage.services import audit
from engage.services.errors import FieldError
from engage.services.links import CODE_ALPHABET, canonical_code, describe

CODE_LENGTH = 10  # link codes have 8, so a typed code says which kind it is
MAX_AT_ONCE = 500


@dataclass(frozen=True)
class CodeCounts:
    issued: int
    used: int


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def by_code(typed: str) -> AccessCode | None:
    code = canonical_code(typed)
    if len(code) != CODE_LENGTH:
        return None
    return db.session.scalar(select(AccessCode).where(AccessCode.code == code))


def issue(link: Link, count: int, user: User | None) -> list[AccessCode]:
    """Make ``count`` new codes for the link, recorded in the audit log."""
    if not 1 <= count <= MAX_AT_ONCE:
        raise FieldError("count", f"Issue between 1 and {MAX_AT_ONCE} codes at a time")
    taken = set(db.session.scalars(select(AccessCode.code)))
    fresh: set[str] = set()
    while len(fresh) < count:
        code = new_code()
        if code not in taken:
            fresh.add(code)
    codes = [AccessCode(link=link, code=code) for code in sorted(fresh)]
    db.session.add_all(codes)
    audit.record(
        link.wave.survey.programme,
        user,
        AuditAction.CODES_ISSUED,
        describe(link),
        f"{count} single-use code{'s' if count != 1 else ''}",
    )
    db.session.commit()
    return codes


def set_codes_only(link: Link, codes_only: bool, user: User | None) -> None:
    """Whether the plain link still works, or only single-use codes do."""
    if link.codes_only == codes_only:
        return
    link.codes_only = codes_only
    audit.record(
        link.wave.survey.programme,
        user,
        AuditAction.LINK_CODES_ONLY,
        describe(link),
        "Only single-use codes accepted" if codes_only else "The plain link accepted again",
    )
    db.session.commit()


def codes_for(link: Link) -> list[AccessCode]:
    return list(
        db.session.scalars(
            select(AccessCode).where(AccessCode.link_id == link.id).order_by(AccessCode.id)
        )
    )


def counts_for(link: Link) -> CodeCounts:
    codes = codes_for(link)
    return CodeCounts(len(codes), sum(1 for code in codes if code.used_on is not None))


def mark_used(access_code_id: int, today: date) -> bool:
    """Inside the submission's transaction: True if this request used the code, False if
    someone already had (the caller then rolls back instead of storing the response)."""
    result = db.session.execute(
        update(AccessCode)
        .where(AccessCode.id == access_code_id, AccessCode.used_on.is_(None))
        .values(used_on=today)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def table(
    codes: list[AccessCode], address_of, entry_address: str
) -> tuple[list[str], list[list[object]]]:
    """Unused codes for a mail merge: the code, the address that opens it, and the page
    where it can be typed instead."""
    header = ["Code", "Web address", "Or go to", "And enter"]
    rows = [
        [code.display_code, address_of(code.code), entry_address, code.display_code]
        for code in codes
        if code.used_on is None
    ]
    return header, rows
