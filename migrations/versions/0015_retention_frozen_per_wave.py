"""retention frozen per wave

Each wave keeps the retention period its respondents were shown; existing waves take
their programme's current setting.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-27 14:21:54
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

BACKFILL = (
    "UPDATE waves SET retention_months = (SELECT p.retention_months FROM surveys s "
    "JOIN programmes p ON p.id = s.programme_id WHERE s.id = waves.survey_id)"
)


def upgrade():
    with op.batch_alter_table("waves") as batch:
        batch.add_column(
            sa.Column("retention_months", sa.Integer(), nullable=False, server_default="24")
        )
    op.execute(sa.text(BACKFILL))
    with op.batch_alter_table("waves") as batch:
        batch.alter_column("retention_months", server_default=None)


def downgrade():
    with op.batch_alter_table("waves") as batch:
        batch.drop_column("retention_months")
