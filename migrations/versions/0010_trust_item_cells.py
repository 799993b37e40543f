"""partnership-trust item cells, for the partnership mirror

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23 01:50:00

Data only: one construct cell per partnership-trust item (construct 'item:<code>').
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

BACKFILL = (
    "INSERT INTO construct_cells (wave_id, organisation_id, segment_key, construct, respondents, "
    "total, total_squares) "
    "SELECT r.wave_id, r.organisation_id, COALESCE(r.segment_id, 0), 'item:' || q.code, COUNT(*), "
    "SUM((a.number - 1) * 25.0), SUM((a.number - 1) * 25.0 * (a.number - 1) * 25.0) "
    "FROM responses r JOIN answers a ON a.response_id = r.id "
    "JOIN questions q ON q.id = a.question_id "
    "WHERE q.kind = 'agreement' AND a.number IS NOT NULL AND q.construct = 'partnership_trust' "
    "GROUP BY r.wave_id, r.organisation_id, COALESCE(r.segment_id, 0), 'item:' || q.code"
)


def upgrade():
    op.execute(sa.text(BACKFILL))


def downgrade():
    op.execute(sa.text("DELETE FROM construct_cells WHERE construct LIKE 'item:%'"))
