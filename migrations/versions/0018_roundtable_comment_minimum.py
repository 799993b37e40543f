"""roundtable comment minimum

A roundtable's quotes are shown for the session as a whole once at least this many people
answered the question (default 5, never below 3); respondents see it before they answer.

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-27 16:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("programmes") as batch:
        batch.add_column(
            sa.Column(
                "roundtable_comment_minimum", sa.Integer(), nullable=False, server_default="5"
            )
        )
    with op.batch_alter_table("programmes") as batch:
        batch.alter_column("roundtable_comment_minimum", server_default=None)


def downgrade():
    with op.batch_alter_table("programmes") as batch:
        batch.drop_column("roundtable_comment_minimum")
