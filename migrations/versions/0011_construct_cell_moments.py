"""construct cells keep mean and squared deviations instead of raw sums

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-27 13:20:00

Sums of squares lose the variance to cancellation when scores are close together; the
cells now hold each group's mean and its sum of squared deviations (``m2``), which merge
exactly. Existing rows are converted; where the old sums leave only rounding noise (less
than a billionth of the sum of squares) the deviation is taken as 0.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

TO_MOMENTS = (
    "UPDATE construct_cells SET mean = total / respondents, "
    "m2 = CASE WHEN total_squares - total * total / respondents > 1e-9 * total_squares "
    "THEN total_squares - total * total / respondents ELSE 0 END "
    "WHERE respondents > 0"
)
TO_SUMS = (
    "UPDATE construct_cells SET total = mean * respondents, "
    "total_squares = m2 + mean * mean * respondents"
)


def upgrade():
    with op.batch_alter_table("construct_cells") as batch:
        batch.add_column(sa.Column("mean", sa.Double(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("m2", sa.Double(), nullable=False, server_default="0"))
    op.execute(sa.text(TO_MOMENTS))
    with op.batch_alter_table("construct_cells") as batch:
        batch.alter_column("mean", server_default=None)
        batch.alter_column("m2", server_default=None)
        batch.drop_column("total")
        batch.drop_column("total_squares")


def downgrade():
    with op.batch_alter_table("construct_cells") as batch:
        batch.add_column(sa.Column("total", sa.Double(), nullable=False, server_default="0"))
        batch.add_column(
            sa.Column("total_squares", sa.Double(), nullable=False, server_default="0")
        )
    op.execute(sa.text(TO_SUMS))
    with op.batch_alter_table("construct_cells") as batch:
        batch.alter_column("total", server_default=None)
        batch.alter_column("total_squares", server_default=None)
        batch.drop_column("mean")
        batch.drop_column("m2")
