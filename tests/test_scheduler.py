"""The scheduler process: one active instance of several, jobs run at start and are idempotent."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from backoffice.extensions import db
from backoffice.mail.models import OutboxMessage, OutboxStatus
from backoffice.mail.outbox import queue_mail
from tests.scheduler_steps import active_and_standby, scheduler_env, stop, wait_for


def test_two_schedulers_only_one_acts_and_the_other_takes_over(
    app, database_url: str, tmp_path: Path
):
    with app.app_context():
        queue_mail(["someone@example.com"], "Waiting mail", "body", dedup_key="sched:1")
        db.session.commit()
    with active_and_standby(scheduler_env(database_url, tmp_path), tmp_path) as schedulers:
        assert "scheduler active" not in schedulers.standby_log.read_text()
        # The job that was missed while no scheduler ran is run once at start.
        assert wait_for(schedulers.active_log, "job deliver_outbox done")
        with app.app_context():
            statuses = db.session.scalars(select(OutboxMessage.status)).all()
        assert statuses == [OutboxStatus.SENT]

        stop(schedulers.active)
        assert "scheduler stopped" in schedulers.active_log.read_text()
        assert wait_for(schedulers.standby_log, "scheduler active")


def test_run_job_twice_changes_nothing(app, runner):
    with app.app_context():
        queue_mail(["someone@example.com"], "Once", "body", dedup_key="sched:2")
        db.session.commit()
    first = runner.invoke(args=["scheduler", "run-job", "deliver_outbox"])
    second = runner.invoke(args=["scheduler", "run-job", "deliver_outbox"])
    assert "'sent': 1" in first.output and "'sent': 0" in second.output
    with app.app_context():
        assert db.session.scalar(select(func.count(OutboxMessage.id))) == 1


def test_unknown_job_is_a_clear_error(runner):
    result = runner.invoke(args=["scheduler", "run-job", "nope"])
    assert result.exit_code != 0 and "Unknown job nope" in result.output


@pytest.mark.parametrize("command", [["scheduler", "list"]])
def test_jobs_are_listed(runner, command):
    result = runner.invoke(args=command)
    assert result.exit_code == 0 and "deliver_outbox: interval" in result.output
