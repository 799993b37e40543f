"""Each comment's redacted copy stored beside the original, with the rules version that
made it; and a programme setting (off) that lets programme admins download originals.

Every comment already stored is redacted here with the rules of this release, so no reader
ever needs the original after the upgrade. The folder redacts new comments from now on,
and the re-redaction job redoes copies whenever the rules improve.

Revision ID: 0025
Revises: 0024
Create Date: 2026-11-27 22:00:00
"""

import sqlalchemy as sa
from alembic import op

from engage.analysis.redact import RULES_VERSION, redact

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None

BATCH = 500
answers = sa.table(
    "answers",
    sa.column("id", sa.Integer),
    sa.column("text", sa.Text),
    sa.column("redacted", sa.Text),
    sa.column("redaction_version", sa.Integer),
)


def backfill() -> None:
    """Redact every stored comment, a batch of ids at a time (bounded memory)."""
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(
            sa.select(answers.c.id, answers.c.text)
            .where(answers.c.text.isnot(None), answers.c.id > last)
            .order_by(answers.c.id)
            .limit(BATCH)
        ).fetchall()
        if not rows:
            return
        for answer_id, text in rows:
            bind.execute(
                answers.update()
                .where(answers.c.id == answer_id)
                .values(redacted=redact(text), redaction_version=RULES_VERSION)
            )
        last = rows[-1][0]


def upgrade():
    op.add_column("answers", sa.Column("redacted", sa.Text(), nullable=True))
    op.add_column("answers", sa.Column("redaction_version", sa.Integer(), nullable=True))
    with op.batch_alter_table("programmes") as batch:
        batch.add_column(
            sa.Column(
                "allow_original_comments",
                sa.Boolean(),
                nullable=False,
                server_default=sa.false(),
            )
        )
    backfill()


def downgrade():
    with op.batch_alter_table("programmes") as batch:
        batch.drop_column("allow_original_comments")
    with op.batch_alter_table("answers") as batch:
        batch.drop_column("redaction_version")
        batch.drop_column("redacted")
