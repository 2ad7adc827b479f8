"""`flask --app wsgi agenda print 2026-Q4 --output agenda.pdf` and `agenda plan`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from backoffice.i18n import LANGUAGE_NAMES, org_language
from backoffice.meetings.documents import agenda_pdf
from backoffice.meetings.queries import review_by_quarter
from backoffice.meetings.schedule import ensure_reviews
from backoffice.quarters import Quarter

agenda_cli = AppGroup("agenda", help="Quarterly reviews: plan them, print their agenda.")


@agenda_cli.command("print")
@click.argument("quarter")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option(
    "--lang",
    type=click.Choice(sorted(LANGUAGE_NAMES)),
    help="Language of the printout (default: the organisation's, ORG_LOCALE).",
)
def print_command(quarter: str, output: Path, lang: str | None) -> None:
    """Write the agenda PDF: the latest published snapshot, else the live draft."""
    try:
        Quarter.parse(quarter)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="QUARTER") from exc
    review = review_by_quarter(quarter)
    if review is None:
        raise click.ClickException(f"There is no review for {quarter.upper()}.")
    output.write_bytes(agenda_pdf(review, locale=lang or org_language()))
    click.echo(f"Agenda of {review.quarter} written to {output}.")


@agenda_cli.command("plan")
def plan_command() -> None:
    """Create the next reviews that do not exist yet (what the scheduler does daily)."""
    created = ensure_reviews()["created"]
    click.echo(f"Planned: {', '.join(created)}" if created else "All reviews are planned already.")
