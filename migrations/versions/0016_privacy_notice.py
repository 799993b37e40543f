"""privacy notice

Each programme names its data controller, lawful basis and a privacy contact, for the
notice every survey page links to.

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-27 15:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

DEFAULT_LAWFUL_BASIS = (
    "Public task: the councils need staff views to run and improve their services and the "
    "partnership (UK GDPR Article 6(1)(e))."
)
COLUMNS = ("controller", "lawful_basis", "privacy_contact")


def upgrade():
    with op.batch_alter_table("programmes") as batch:
        batch.add_column(
            sa.Column("controller", sa.String(length=300), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("lawful_basis", sa.Text(), nullable=False, server_default=""))
        batch.add_column(
            sa.Column("privacy_contact", sa.String(length=300), nullable=False, server_default="")
        )
    op.execute(
        sa.text("UPDATE programmes SET lawful_basis = :basis").bindparams(
            basis=DEFAULT_LAWFUL_BASIS
        )
    )
    with op.batch_alter_table("programmes") as batch:
        for column in COLUMNS:
            batch.alter_column(column, server_default=None)


def downgrade():
    with op.batch_alter_table("programmes") as batch:
        for column in COLUMNS:
            batch.drop_column(column)
