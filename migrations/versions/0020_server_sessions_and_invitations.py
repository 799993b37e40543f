"""server-side sessions, remembered devices, password resets, invitations, TOTP

Sessions and remember-me tokens live in the database (hashes only) so that sign-out, a
password change, losing a role or a disabled account end them at once. Existing accounts
are not asked to change their password.

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-27 19:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def token_table(name, *columns):
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        *columns,
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
        sa.UniqueConstraint("token_hash", name=op.f(f"uq_{name}_token_hash")),
    )


def user_column(table):
    return sa.Column(
        "user_id",
        sa.Integer(),
        sa.ForeignKey("users.id", ondelete="CASCADE", name=f"fk_{table}_user_id_users"),
        nullable=False,
    )


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column(
                "must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch.add_column(sa.Column("totp_secret", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))
    with op.batch_alter_table("programmes") as batch:
        batch.add_column(
            sa.Column(
                "require_admin_two_factor",
                sa.Boolean(),
                nullable=False,
                server_default=sa.false(),
            )
        )
    op.create_table(
        "recovery_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        user_column("recovery_codes"),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("used_at", TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recovery_codes")),
    )
    op.create_index(op.f("ix_recovery_codes_user_id"), "recovery_codes", ["user_id"])
    token_table(
        "user_sessions",
        user_column("user_sessions"),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("last_seen_at", TS, nullable=False),
    )
    token_table(
        "remember_tokens",
        user_column("remember_tokens"),
        sa.Column("previous_hash", sa.String(length=64), nullable=True),
        sa.Column("rotated_at", TS, nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
    )
    token_table(
        "password_resets",
        user_column("password_resets"),
        sa.Column("expires_at", TS, nullable=False),
        sa.Column("used_at", TS, nullable=True),
    )
    token_table(
        "invitations",
        sa.Column(
            "programme_id",
            sa.Integer(),
            sa.ForeignKey(
                "programmes.id", ondelete="CASCADE", name="fk_invitations_programme_id_programmes"
            ),
            nullable=False,
        ),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column(
            "invited_by_id",
            sa.Integer(),
            sa.ForeignKey(
                "users.id", ondelete="SET NULL", name="fk_invitations_invited_by_id_users"
            ),
            nullable=True,
        ),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
        sa.Column("accepted_at", TS, nullable=True),
    )
    for table in ("user_sessions", "remember_tokens", "password_resets"):
        op.create_index(op.f(f"ix_{table}_user_id"), table, ["user_id"])
    op.create_index(op.f("ix_invitations_programme_id"), "invitations", ["programme_id"])
    op.create_index(op.f("ix_remember_tokens_previous_hash"), "remember_tokens", ["previous_hash"])


def downgrade():
    op.drop_index(op.f("ix_recovery_codes_user_id"), table_name="recovery_codes")
    op.drop_table("recovery_codes")
    with op.batch_alter_table("programmes") as batch:
        batch.drop_column("require_admin_two_factor")
    op.drop_index(op.f("ix_remember_tokens_previous_hash"), table_name="remember_tokens")
    op.drop_index(op.f("ix_invitations_programme_id"), table_name="invitations")
    for table in ("user_sessions", "remember_tokens", "password_resets"):
        op.drop_index(op.f(f"ix_{table}_user_id"), table_name=table)
    for table in ("invitations", "password_resets", "remember_tokens", "user_sessions"):
        op.drop_table(table)
    with op.batch_alter_table("users") as batch:
        batch.drop_column("totp_last_step")
        batch.drop_column("totp_secret")
        batch.drop_column("must_change_password")
