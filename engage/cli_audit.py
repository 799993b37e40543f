"""``flask audit-disclosure``: audit every figure a programme can release, combined.

A command rather than a page: it is for whoever answers for the programme's
confidentiality (and for CI on a copy of live data), and it exits non-zero on a leak so a
pipeline can stop on it."""

from __future__ import annotations

import click
from sqlalchemy import select

from engage.extensions import db
from engage.models import Programme
from engage.services.reading.audit import audit_programme


@click.command("audit-disclosure")
@click.option("--programme", "slug", required=True, help="The programme's short name.")
def audit_disclosure(slug: str) -> None:
    """Check that no combination of released figures singles out a small group."""
    programme = db.session.scalar(select(Programme).where(Programme.slug == slug))
    if programme is None:
        raise click.ClickException(f"No programme has the short name '{slug}'")
    result = audit_programme(programme)
    click.echo(
        f"Audited {programme.name} ({result.programme}): {len(result.measures)} measures, "
        f"{result.figures} released figures, {result.supports} distinct supports, "
        f"{result.atoms} atoms, {len(result.leaks)} leaks, "
        f"{result.dashboard_figures} dashboard counts cross-checked "
        f"({len(result.findings)} findings), in {result.seconds:.1f} s."
    )
    for report in result.measures:
        for leak in report.leaks:
            click.echo(f"LEAK {report.measure} (minimum {report.minimum}): {leak}")
    for finding in result.findings:
        click.echo(f"FINDING {finding}")
    if not result.ok:
        raise SystemExit(1)
