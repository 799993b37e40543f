"""seed codebook traps fixed in existing programmes

Programmes made before the seed codebook's keyword traps were fixed ("honest*" tagging
"to be honest" as partnership trust, "system*" tagging the rota system, money that is not
cost cutting) kept the old phrases. A theme whose phrases are still exactly an earlier
seed's gets today's; a theme an organiser edited is left as it is. Each programme changed
gets a re-analysis queued, so its figures follow (the job runner picks it up).

Revision ID: 0031
Revises: 0030
Create Date: 2026-11-27 23:15:00
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None

# Theme name -> the seed phrases it may still hold ("before", oldest first) and today's.
SEEDS = {
    "Communication and language": {
        "before": [
            [
                "communicat*",
                "explain*",
                "jargon",
                "language",
                "plain english",
                "update*",
                "briefing*",
                "informed",
                "inform*",
                "unclear",
                "clarity",
                "message*",
                "told us",
                "listen*",
            ]
        ],
        "now": [
            "communicat*",
            "explain*",
            "jargon",
            "language",
            "plain english",
            "update*",
            "briefing*",
            "informed",
            "inform*",
            "-informal*",
            "unclear",
            "clarity",
            "message*",
            "told us",
            "listen*",
        ],
    },
    "Cost cutting": {
        "before": [
            [
                "cost cutting",
                "cuts",
                "cut back*",
                "saving*",
                "budget*",
                "austerity",
                "cheaper",
                "money",
                "efficiency savings",
                "financial pressure*",
            ]
        ],
        "now": [
            "cost cutting",
            "cuts",
            "cut back*",
            "saving*",
            "budget*",
            "austerity",
            "cheaper",
            "money",
            "efficiency savings",
            "financial pressure*",
            "was cut",
            "were cut",
            "been cut",
            "-great value for money",
            "-good value for money",
            "-value for money",
            "-good value",
            "-great value",
            "-money well spent",
            "-more money",
            "-extra money",
            "-budget for",
            "-budgets for",
            "-budget has gone up",
            "-budget went up",
        ],
    },
    "Customer improvement": {
        "before": [
            [
                "resident*",
                "customer*",
                "service user*",
                "citizen*",
                "public",
                "first time",
                "better service*",
                "experience",
            ]
        ],
        "now": [
            "resident*",
            "customer*",
            "service user*",
            "citizen*",
            "public",
            "-public sector",
            "-public money",
            "-public purse",
            "first time",
            "better service*",
            "experience",
            "-in my experience",
            "-experienced",
        ],
    },
    "Partnership trust": {
        "before": [
            [
                "trust*",
                "partner*",
                "relationship*",
                "goodwill",
                "openness",
                "honest*",
                "open book",
                "one team",
                "them and us",
                "us and them",
            ]
        ],
        "now": [
            "trust*",
            "-trustee*",
            "partner*",
            "relationship*",
            "goodwill",
            "openness",
            "honesty",
            "dishonest*",
            "honest with",
            "honest about",
            "not honest",
            "open book",
            "one team",
            "them and us",
            "us and them",
        ],
    },
    "Incentives": {
        "before": [["incentive*", "reward*", "penalt*", "bonus*", "paid for", "payment*"]],
        "now": ["incentive*", "reward*", "-rewarding", "penalt*", "bonus*", "paid for", "payment*"],
    },
    "Value for money": {
        "before": [
            [
                "value for money",
                "pricing",
                "price*",
                "unit cost*",
                "expensive",
                "overcharg*",
                "cost*",
            ]
        ],
        "now": [
            "value for money",
            "pricing",
            "price*",
            "unit cost*",
            "expensive",
            "overcharg*",
            "cost*",
            "-cost cutting",
            "-cost-cutting",
            "-cost cuts",
            "-at all costs",
            "-at any cost",
        ],
    },
    "Workload": {
        "before": [
            [
                "workload*",
                "overwork*",
                "stretched",
                "capacity",
                "short staffed",
                "understaffed",
                "too much work",
                "pressure*",
                "no time",
                "more staff",
                "staffing",
            ]
        ],
        "now": [
            "workload*",
            "overwork*",
            "stretched",
            "capacity",
            "short staffed",
            "understaffed",
            "too much work",
            "pressure*",
            "-financial pressure*",
            "-budget pressure*",
            "no time",
            "more staff",
            "staffing",
        ],
    },
    "Leadership": {
        "before": [["leader*", "manager*", "management", "senior*", "director*", "executive*"]],
        "now": [
            "leader*",
            "manager*",
            "management",
            "-contract management",
            "senior*",
            "director*",
            "-directorate*",
            "executive*",
        ],
    },
    "Technology": {
        "before": [
            [
                "technolog*",
                "digital*",
                "system*",
                "software",
                "online",
                "computer*",
                "laptop*",
                "app",
                "apps",
                "it system*",
                "website*",
                "forms",
            ]
        ],
        "now": [
            "technolog*",
            "digital*",
            "system*",
            "software",
            "online",
            "computer*",
            "laptop*",
            "app",
            "apps",
            "it system*",
            "website*",
            "online forms",
            "web forms",
            "e-forms",
            "-rota system*",
            "-points system*",
            "-buddy system*",
            "-appraisal system*",
            "-system of",
            "-the whole system",
            "-care system*",
            "-benefits system*",
            "-school system*",
        ],
    },
    "Training and skills": {
        "before": [["training", "trained", "skill*", "learn*", "upskill*"]],
        "now": [
            "training",
            "trained",
            "skill*",
            "learn*",
            "-learning disabilit*",
            "-lessons learn*",
            "upskill*",
        ],
    },
    "Jobs and restructuring": {
        "before": [["job*", "redundanc*", "restructur*", "posts", "job loss*", "structure chart*"]],
        "now": [
            "job*",
            "-good job",
            "-great job",
            "-brilliant job",
            "-job done",
            "-fantastic job",
            "-excellent job",
            "-amazing job",
            "-a job of",
            "redundanc*",
            "restructur*",
            "posts",
            "job loss*",
            "structure chart*",
        ],
    },
}

themes = sa.table(
    "codebook_themes",
    sa.column("id", sa.Integer),
    sa.column("programme_id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("phrases", sa.JSON),
)
jobs = sa.table(
    "analysis_jobs",
    sa.column("programme_id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("status", sa.String),
    sa.column("total", sa.Integer),
    sa.column("done", sa.Integer),
    sa.column("message", sa.Text),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("worker", sa.String),
    sa.column("cancel_requested", sa.Boolean),
    sa.column("export", sa.String),
    sa.column("result_name", sa.String),
)


def upgrade():
    changed = replace(lambda name: SEEDS[name]["before"], lambda name: SEEDS[name]["now"])
    queue_reanalysis(changed)


def downgrade():
    replace(lambda name: [SEEDS[name]["now"]], lambda name: SEEDS[name]["before"][-1])


def replace(old, new) -> set[int]:
    """Give every unedited seed theme its new phrases; the programmes changed."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(themes.c.id, themes.c.programme_id, themes.c.name, themes.c.phrases).where(
            themes.c.name.in_(list(SEEDS))
        )
    ).all()
    changed = set()
    for id_, programme_id, name, phrases in rows:
        if list(phrases or []) in old(name):
            bind.execute(themes.update().where(themes.c.id == id_).values(phrases=new(name)))
            changed.add(programme_id)
    return changed


def queue_reanalysis(programme_ids: set[int]) -> None:
    bind = op.get_bind()
    for programme_id in sorted(programme_ids):
        active = bind.execute(
            sa.select(sa.func.count())
            .select_from(jobs)
            .where(
                jobs.c.programme_id == programme_id,
                jobs.c.kind == "reanalyse",
                jobs.c.status.in_(["queued", "running"]),
            )
        ).scalar()
        if not active:
            bind.execute(
                jobs.insert().values(
                    programme_id=programme_id,
                    kind="reanalyse",
                    status="queued",
                    total=0,
                    done=0,
                    message="The seed codebook's phrases were updated",
                    created_at=datetime.now(UTC),
                    worker="",
                    cancel_requested=False,
                    export="",
                    result_name="",
                )
            )
