"""a link's room size and its "which organisation are you from?" question

``expected_attendance`` is how many people the organiser expects in the room, the "of 30"
of the room view's live count when the link has no group headcount. ``asks_organisation``
marks a roundtable link that asks each respondent which of the programme's organisations
they are from, so a mixed council-and-partner room is counted under both sides.

Revision ID: 0029
Revises: 0028
Create Date: 2026-11-27 22:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("links") as batch:
        batch.add_column(sa.Column("expected_attendance", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("asks_organisation", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("links") as batch:
        batch.alter_column("asks_organisation", server_default=None)


def downgrade():
    with op.batch_alter_table("links") as batch:
        batch.drop_column("asks_organisation")
        batch.drop_column("expected_attendance")
