"""``flask export-dashboard``: a director's board pack from the command line, the same
document the dashboard's download makes, recorded in the audit log like any export."""

from __future__ import annotations

import click

from engage.services import audit, board, programmes
from engage.services.reading import dashboard as insights


@click.command("export-dashboard")
@click.option("--programme", "slug", required=True, help="The programme's short name.")
@click.option("--survey", "survey_id", type=int, help="Survey id (default: the first survey).")
@click.option("--from-wave", "wave_from", type=int, help="First wave (default: the first).")
@click.option("--to-wave", "wave_to", type=int, help="Last wave (default: the latest closed wave).")
@click.option("--format", "fmt", type=click.Choice(sorted(board.WRITERS)), required=True)
@click.option("--out", "out_path", type=click.Path(dir_okay=False), required=True)
def export_dashboard(
    slug: str,
    survey_id: int | None,
    wave_from: int | None,
    wave_to: int | None,
    fmt: str,
    out_path: str,
) -> None:
    """Write the dashboard's story, charts and tables as Word, a printable page or PDF."""
    programme = programmes.by_slug(slug)
    if programme is None:
        raise click.ClickException(f"No programme has the short name '{slug}'")
    filters = insights.Filters(survey_id, wave_from, wave_to)
    click.echo("Drawing the charts...")
    try:
        content = board.render(board.build(programme, filters), fmt)
    except LookupError as error:  # no PDF converter on this machine
        raise click.ClickException(str(error)) from error
    audit.record_export(
        programme, None, "Board pack from the command line", filters.described(), fmt
    )
    with open(out_path, "wb") as handle:
        handle.write(content)
    click.echo(f"Wrote the board pack of {programme.name} to {out_path}")
