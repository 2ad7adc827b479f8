"""`flask --app wsgi assessment poster --lang de --output poster.pdf`, `assessment seed`
and `assessment remind`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from backoffice.assessments.catalogue import ensure_catalogue
from backoffice.assessments.jobs import remind_assessments
from backoffice.assessments.poster import SIZES, poster_pdf
from backoffice.i18n import LANGUAGE_NAMES, org_language

assessment_cli = AppGroup("assessment", help="Team self-assessments: poster, catalogue, reminders.")


@assessment_cli.command("poster")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option(
    "--lang",
    type=click.Choice(sorted(LANGUAGE_NAMES)),
    help="Language of the poster (default: the organisation's, ORG_LOCALE).",
)
@click.option("--size", type=click.Choice(SIZES), default="a3", show_default=True,
              help="A3 landscape for the wall, or A4.")  # fmt: skip
def poster_command(output: Path, lang: str | None, size: str) -> None:
    """Write the poster of the catalogue's current version as a PDF."""
    output.write_bytes(poster_pdf(size, lang or org_language()))
    click.echo(f"Poster ({size.upper()}, {lang or org_language()}) written to {output}.")


@assessment_cli.command("seed")
def seed_command() -> None:
    """Store the default catalogue and toolbox if there is no catalogue yet."""
    click.echo(f"Catalogue version {ensure_catalogue().number} is current.")


@assessment_cli.command("remind")
def remind_command() -> None:
    """Queue the yearly reminders that fell due (what the scheduler does daily)."""
    click.echo(f"Reminders queued: {remind_assessments()['queued']}")
