"""standing links and a hierarchy of reporting groups

Revision ID: 0028
Revises: 0026
Create Date: 2026-11-27 22:00:00

A standing link (standing_links) belongs to a survey and a group or organisation, not to a
wave: its code always opens the survey's open wave. Each wave's own link for it points back
through links.standing_link_id. Groups get a parent (segments.parent_id), so a team sits in
a service and a service in a directorate.
"""

import sqlalchemy as sa
from alembic import op

revision = "0028"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "standing_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("segment_id", sa.Integer(), nullable=True),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_standing_links_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["segment_id"], ["segments.id"], name=op.f("fk_standing_links_segment_id_segments")
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["surveys.id"],
            name=op.f("fk_standing_links_survey_id_surveys"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_standing_links")),
        sa.UniqueConstraint("code", name=op.f("uq_standing_links_code")),
    )
    with op.batch_alter_table("links") as batch:
        batch.add_column(sa.Column("standing_link_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_links_standing_link_id"), ["standing_link_id"])
        batch.create_foreign_key(
            batch.f("fk_links_standing_link_id_standing_links"),
            "standing_links",
            ["standing_link_id"],
            ["id"],
        )
    with op.batch_alter_table("segments") as batch:
        batch.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_segments_parent_id"), ["parent_id"])
        batch.create_foreign_key(
            batch.f("fk_segments_parent_id_segments"),
            "segments",
            ["parent_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("segments") as batch:
        batch.drop_constraint(batch.f("fk_segments_parent_id_segments"), type_="foreignkey")
        batch.drop_index(batch.f("ix_segments_parent_id"))
        batch.drop_column("parent_id")
    with op.batch_alter_table("links") as batch:
        batch.drop_constraint(
            batch.f("fk_links_standing_link_id_standing_links"), type_="foreignkey"
        )
        batch.drop_index(batch.f("ix_links_standing_link_id"))
        batch.drop_column("standing_link_id")
    op.drop_table("standing_links")
