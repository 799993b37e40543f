"""TOTP secrets encrypted at rest: a wider column, and every existing secret sealed now

A Fernet token of a 32-character base32 secret is 140 characters. Existing secrets are
sealed here with the key derived from the running app's SECRET_KEY (``engage.sealing``),
so none stays readable in the database after the upgrade. Downgrade unseals them.

Revision ID: 0024
Revises: 0021
Create Date: 2026-11-27 20:20:00
"""

import sqlalchemy as sa
from alembic import op
from flask import current_app

from engage import sealing

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

users = sa.table("users", sa.column("id", sa.Integer), sa.column("totp_secret", sa.String))


def rewrite(change) -> None:
    bind = op.get_bind()
    key = current_app.config["SECRET_KEY"]
    rows = bind.execute(
        sa.select(users.c.id, users.c.totp_secret).where(users.c.totp_secret.isnot(None))
    )
    for user_id, secret in rows.fetchall():
        new = change(secret, key)
        if new is not None and new != secret:
            bind.execute(users.update().where(users.c.id == user_id).values(totp_secret=new))


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.alter_column("totp_secret", type_=sa.String(255), existing_type=sa.String(64))
    rewrite(lambda secret, key: secret if sealing.is_sealed(secret) else sealing.seal(secret, key))


def downgrade():
    rewrite(
        lambda secret, key: sealing.unseal(secret, key) if sealing.is_sealed(secret) else secret
    )
    with op.batch_alter_table("users") as batch:
        batch.alter_column("totp_secret", type_=sa.String(64), existing_type=sa.String(255))
