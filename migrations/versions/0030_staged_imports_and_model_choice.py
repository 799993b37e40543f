"""staged imports and the analyst's choice of model

An uploaded file of coded comments waits in ``staged_imports`` until the analyst has said
what to do with every theme name the codebook does not know; nothing coded is stored
before that. A trained model is a *candidate* (``programme_models.status``) with the
comparison the training job worked out (``comparison``) until the analyst switches to it
(``active``) or discards it; a model switched away from is ``retired``. Models stored
before this revision were in use, so they are ``active``.

Revision ID: 0030
Revises: 0029
Create Date: 2026-11-27 21:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "staged_imports",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "programme_id",
            sa.Integer(),
            sa.ForeignKey("programmes.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
    )
    with op.batch_alter_table("programme_models") as batch:
        batch.add_column(
            sa.Column("status", sa.String(length=16), nullable=False, server_default="active")
        )
        batch.add_column(sa.Column("comparison", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("programme_models") as batch:
        batch.drop_column("decided_at")
        batch.drop_column("comparison")
        batch.drop_column("status")
    op.drop_table("staged_imports")
