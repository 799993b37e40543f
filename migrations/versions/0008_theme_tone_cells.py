"""comments and their tone within each theme, as count cells

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 01:40:00

Data only: the dashboard's sentiment within each theme reads these cells.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

COLUMNS = (
    "INSERT INTO count_cells (wave_id, organisation_id, segment_key, measure, category, count) "
)
FROM = (
    "FROM responses r JOIN answers a ON a.response_id = r.id "
    "JOIN comment_analyses c ON c.answer_id = a.id "
    "JOIN comment_themes t ON t.answer_id = a.id "
)
GROUP = "GROUP BY r.wave_id, r.organisation_id, COALESCE(r.segment_id, 0), t.theme"
FINAL = "COALESCE(c.coded_sentiment, c.sentiment)"
BACKFILL = [
    COLUMNS + "SELECT r.wave_id, r.organisation_id, COALESCE(r.segment_id, 0), "
    "'theme_comments', t.theme, COUNT(*) " + FROM + GROUP,
    COLUMNS + "SELECT r.wave_id, r.organisation_id, COALESCE(r.segment_id, 0), "
    "'theme_positive', t.theme, COUNT(*) " + FROM + "WHERE " + FINAL + " = 'positive' " + GROUP,
    COLUMNS + "SELECT r.wave_id, r.organisation_id, COALESCE(r.segment_id, 0), "
    "'theme_negative', t.theme, COUNT(*) " + FROM + "WHERE " + FINAL + " = 'negative' " + GROUP,
]


def upgrade():
    for statement in BACKFILL:
        op.execute(sa.text(statement))


def downgrade():
    op.execute(
        sa.text(
            "DELETE FROM count_cells WHERE measure IN "
            "('theme_comments', 'theme_positive', 'theme_negative')"
        )
    )
