"""pending responses, folded into the cells after the submission commits

A submission stores its response and answers only, marked pending; one writer (the
folder) later analyses the comments, adds the response to the count and construct cells
and clears the mark. A partial index keeps finding the pending few cheap. ``fold_marks``
holds one row: the time before which every stored response is in the cells, so pages can
say how fresh their figures are. Existing responses are already in their cells.

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-27 16:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column(
        "responses",
        sa.Column("pending", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_index(
        "ix_responses_pending",
        "responses",
        ["id"],
        sqlite_where=sa.text("pending = 1"),
        postgresql_where=sa.text("pending"),
    )
    op.create_table(
        "fold_marks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("through", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fold_marks")),
    )


def downgrade():
    op.drop_table("fold_marks")
    op.drop_index("ix_responses_pending", table_name="responses")
    with op.batch_alter_table("responses") as batch:
        batch.drop_column("pending")
