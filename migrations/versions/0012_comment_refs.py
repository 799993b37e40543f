"""opaque comment references

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-27 13:55:00

Comments were opened by their answer id, which is sequential: the newest ids are the
open wave's comments, and any id could be tried. Each analysed comment now has a random
reference, used in addresses and as the order of every comment list.
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def new_ref() -> str:
    return secrets.token_urlsafe(12)


def upgrade():
    with op.batch_alter_table("comment_analyses") as batch:
        batch.add_column(sa.Column("ref", sa.String(length=24), nullable=True))
    connection = op.get_bind()
    ids = connection.execute(sa.text("SELECT answer_id FROM comment_analyses")).scalars().all()
    update = sa.text("UPDATE comment_analyses SET ref = :ref WHERE answer_id = :id")
    for start in range(0, len(ids), 1000):
        connection.execute(
            update, [{"ref": new_ref(), "id": answer_id} for answer_id in ids[start : start + 1000]]
        )
    with op.batch_alter_table("comment_analyses") as batch:
        batch.alter_column("ref", existing_type=sa.String(length=24), nullable=False)
        batch.create_unique_constraint(op.f("uq_comment_analyses_ref"), ["ref"])


def downgrade():
    with op.batch_alter_table("comment_analyses") as batch:
        batch.drop_constraint(op.f("uq_comment_analyses_ref"), type_="unique")
        batch.drop_column("ref")
