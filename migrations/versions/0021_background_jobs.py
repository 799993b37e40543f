"""background jobs: one active job per programme and kind, heartbeats, cancel, uploads

Jobs run outside the web workers (a job-runner process or RQ workers). A partial unique
index allows one queued or running job per programme and kind; ``worker`` and
``heartbeat_at`` let a job whose process died be marked failed; ``cancel_requested`` is
checked between batches; ``payload`` holds an uploaded file until its import job ends.
Jobs already queued or running twice for the same programme and kind are marked failed
(all but the newest) so that the index can be built.

Revision ID: 0021
Revises: 0019
Create Date: 2026-11-27 19:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

ACTIVE = "status IN ('queued', 'running')"


def upgrade():
    with op.batch_alter_table("analysis_jobs") as batch:
        batch.add_column(sa.Column("started_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column("worker", sa.String(length=120), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("cancel_requested", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("payload", sa.LargeBinary(), nullable=True))
    op.execute(
        "UPDATE analysis_jobs SET status = 'failed', "
        "message = 'Superseded by a newer job of the same kind' "
        f"WHERE {ACTIVE} AND id NOT IN (SELECT MAX(id) FROM analysis_jobs "
        f"WHERE {ACTIVE} GROUP BY programme_id, kind)"
    )
    op.create_index(
        "uq_analysis_jobs_active",
        "analysis_jobs",
        ["programme_id", "kind"],
        unique=True,
        sqlite_where=sa.text(ACTIVE),
        postgresql_where=sa.text(ACTIVE),
    )


def downgrade():
    op.drop_index("uq_analysis_jobs_active", table_name="analysis_jobs")
    with op.batch_alter_table("analysis_jobs") as batch:
        batch.drop_column("payload")
        batch.drop_column("cancel_requested")
        batch.drop_column("worker")
        batch.drop_column("heartbeat_at")
        batch.drop_column("started_at")
