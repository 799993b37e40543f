"""figure revisions

When a re-analysis moves a closed wave's published figures (net sentiment, theme shares),
the before and after values are kept, so the dashboard can say what changed and when.

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-27 16:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "figure_revisions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "programme_id",
            sa.Integer(),
            sa.ForeignKey("programmes.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column(
            "wave_id", sa.Integer(), sa.ForeignKey("waves.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("figure", sa.String(length=200), nullable=False),
        sa.Column("before", sa.Double(), nullable=True),
        sa.Column("after", sa.Double(), nullable=True),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("revised_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade():
    op.drop_table("figure_revisions")
