"""export jobs: whole-programme downloads made in the background and kept for a day

An export job (kind ``export``) records which export it makes (``export``), what was asked
for (``spec``: format, filters, and the words the audit log records at download) and the
file it made (``result``, ``result_name``), cleared after 24 hours or when the next export
of that kind is made.

Revision ID: 0023
Revises: 0021
Create Date: 2026-11-27 20:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("analysis_jobs") as batch:
        batch.add_column(
            sa.Column("export", sa.String(length=24), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("spec", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("result", sa.LargeBinary(), nullable=True))
        batch.add_column(
            sa.Column("result_name", sa.String(length=200), nullable=False, server_default="")
        )


def downgrade():
    with op.batch_alter_table("analysis_jobs") as batch:
        batch.drop_column("result_name")
        batch.drop_column("result")
        batch.drop_column("spec")
        batch.drop_column("export")
