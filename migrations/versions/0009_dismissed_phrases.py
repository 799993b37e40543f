"""dismissed phrases: groups an organiser dropped from theme discovery

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 01:58:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "dismissed_phrases",
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("phrase", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_dismissed_phrases_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("programme_id", "phrase", name=op.f("pk_dismissed_phrases")),
    )


def downgrade():
    op.drop_table("dismissed_phrases")
