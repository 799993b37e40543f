"""Welsh beside English, organisations' logos, and the language of each comment

A programme may offer its respondent pages in Welsh (off by default); surveys and questions
then carry their Welsh wording next to the English. An organisation may have a logo, kept
as the re-encoded PNG bytes with a short hash that names it in its address (so a new logo
is a new address and browsers may cache each one for good). Each comment's analysis records
the language it was written in, so Welsh comments are counted but never given an English
sentiment.

Revision ID: 0026
Revises: 0025
Create Date: 2026-11-27 22:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None

TEXT_COLUMNS = {
    "surveys": [("title_cy", sa.String(200)), ("purpose_cy", sa.Text())],
    "questions": [("text_cy", sa.String(500)), ("hint_cy", sa.String(500))],
}


def upgrade():
    with op.batch_alter_table("programmes") as batch:
        batch.add_column(
            sa.Column("welsh_offered", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    for table, columns in TEXT_COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for name, type_ in columns:
                batch.add_column(sa.Column(name, type_, nullable=False, server_default=""))
    with op.batch_alter_table("questions") as batch:
        batch.add_column(sa.Column("options_cy", sa.JSON(), nullable=True))
    with op.batch_alter_table("organisations") as batch:
        batch.add_column(sa.Column("logo", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("logo_hash", sa.String(16), nullable=True))
    with op.batch_alter_table("comment_analyses") as batch:
        batch.add_column(sa.Column("language", sa.String(8), nullable=False, server_default="en"))
    drop_server_defaults()


def drop_server_defaults():
    """Defaults belong to the models; the server ones only filled the existing rows."""
    with op.batch_alter_table("programmes") as batch:
        batch.alter_column("welsh_offered", server_default=None)
    for table, columns in TEXT_COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for name, _type in columns:
                batch.alter_column(name, server_default=None)
    with op.batch_alter_table("comment_analyses") as batch:
        batch.alter_column("language", server_default=None)


def downgrade():
    with op.batch_alter_table("comment_analyses") as batch:
        batch.drop_column("language")
    with op.batch_alter_table("organisations") as batch:
        batch.drop_column("logo_hash")
        batch.drop_column("logo")
    with op.batch_alter_table("questions") as batch:
        batch.drop_column("options_cy")
    for table, columns in TEXT_COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for name, _type in reversed(columns):
                batch.drop_column(name)
    with op.batch_alter_table("programmes") as batch:
        batch.drop_column("welsh_offered")
