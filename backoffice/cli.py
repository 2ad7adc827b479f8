"""Command line: `flask --app wsgi user create`, `init`, `seed-demo`, `seed-bench`."""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import func, select

from backoffice.auth.models import Role, User
from backoffice.auth.passwords import MIN_PASSWORD_LENGTH
from backoffice.auth.service import UserData, create_user
from backoffice.errors import Invalid
from backoffice.extensions import db

user_cli = AppGroup("user", help="Manage user accounts.")


def _read_password() -> str:
    """Ask twice on a terminal; read one line from stdin when piped (for scripts)."""
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\n")


@user_cli.command("create")
@click.argument("email")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    default=Role.CLERK.value,
    show_default=True,
)
@click.option("--name", default="", help="Display name (default: the part before @).")
def create_user_command(email: str, role: str, name: str) -> None:
    """Create a user; the password is asked for, or read from stdin."""
    password = _read_password()
    if len(password) < MIN_PASSWORD_LENGTH:
        raise click.ClickException(f"The password needs at least {MIN_PASSWORD_LENGTH} characters.")
    if "@" not in email:
        raise click.ClickException("That is not an e-mail address.")
    data = UserData(email=email, name=name or email.split("@")[0], role=Role(role))
    try:
        user = create_user(data, password)
    except Invalid as exc:  # the only refusal left once the password passed: the e-mail
        raise click.ClickException(f"A user with e-mail {email} exists already.") from exc
    click.echo(f"Created {user.email} ({user.role.value}).")


@click.command("init")
def init_command() -> None:
    """Create the default pick-lists (safe to run again)."""
    from backoffice.demo import ensure_pick_lists

    ensure_pick_lists()
    click.echo("Default pick-lists are in place.")


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Only when there are no users yet (first start).")
def seed_demo_command(if_empty: bool) -> None:
    """Load a realistic demo office (functions, handoffs, users, a few hundred tickets)."""
    from backoffice.agreements.demo import seed_agreements
    from backoffice.assessments.demo import seed_assessments
    from backoffice.demo import DemoDataExists, seed_demo
    from backoffice.effectiveness.demo import seed_effectiveness
    from backoffice.meetings.schedule import ensure_reviews
    from backoffice.surveys.demo import seed_surveys

    if if_empty and db.session.scalar(select(func.count(User.id))):
        click.echo("Data exists already; demo data not loaded.")
        return
    try:
        summary = seed_demo()
    except DemoDataExists as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo("Demo data loaded: " + ", ".join(f"{k}={v}" for k, v in summary.items()))
    click.echo("Service agreements: " + ", ".join(f"{k}={v}" for k, v in seed_agreements().items()))
    click.echo(
        "Effectiveness checks: " + ", ".join(f"{k}={v}" for k, v in seed_effectiveness().items())
    )
    click.echo("Survey rounds: " + ", ".join(f"{k}={v}" for k, v in seed_surveys().items()))
    click.echo("Self-assessments: " + ", ".join(f"{k}={v}" for k, v in seed_assessments().items()))
    ensure_reviews()  # the next quarterly review is planned at once, with its agenda


@click.command("seed-bench")
@click.option("--tickets", type=click.IntRange(1, 10_000_000), default=100_000, show_default=True)
def seed_bench_command(tickets: int) -> None:
    """Add N generated tickets in bulk (for benchmarks)."""
    from backoffice.demo import seed_bench

    summary = seed_bench(tickets)
    click.echo("Bench data loaded: " + ", ".join(f"{k}={v}" for k, v in summary.items()))


def init_commands(app: Flask) -> None:
    from backoffice.scheduler import scheduler_cli

    for command in (user_cli, init_command, seed_demo_command, seed_bench_command, scheduler_cli):
        app.cli.add_command(command)
