"""audit log, single-use codes and stuffing flags

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-27 13:03:33

An append-only audit log of staff actions (audit_events); single-use codes for a link
(access_codes: the day a code was used, never which response it sent); and on links,
"codes only", the day the link first went over its group's headcount and the number of
responses an admin confirmed as genuine.
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

ACTIONS = (
    "wave_opened",
    "wave_reopened",
    "wave_closed",
    "link_created",
    "link_codes_only",
    "codes_issued",
    "export_downloaded",
    "link_flagged",
    "headcount_confirmed",
)


def upgrade():
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column(
            "action",
            sa.Enum(*ACTIONS, name="auditaction", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_audit_events_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_audit_events_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    op.create_index(
        "ix_audit_events_programme_created", "audit_events", ["programme_id", "created_at"]
    )
    op.create_table(
        "access_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["link_id"],
            ["links.id"],
            name=op.f("fk_access_codes_link_id_links"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_codes")),
        sa.UniqueConstraint("code", name=op.f("uq_access_codes_code")),
    )
    op.create_index(op.f("ix_access_codes_link_id"), "access_codes", ["link_id"])
    with op.batch_alter_table("links") as batch:
        batch.add_column(
            sa.Column("codes_only", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("flagged_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("confirmed_responses", sa.Integer(), nullable=True))
    with op.batch_alter_table("links") as batch:
        batch.alter_column("codes_only", server_default=None)


def downgrade():
    with op.batch_alter_table("links") as batch:
        batch.drop_column("confirmed_responses")
        batch.drop_column("flagged_on")
        batch.drop_column("codes_only")
    op.drop_index(op.f("ix_access_codes_link_id"), table_name="access_codes")
    op.drop_table("access_codes")
    op.drop_index("ix_audit_events_programme_created", table_name="audit_events")
    op.drop_table("audit_events")
