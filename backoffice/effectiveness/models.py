"""An effectiveness check: did a resolution's preventive action stop the defect coming back?"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Index, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backoffice.auth.models import enum_column
from backoffice.extensions import db
from backoffice.i18n import lazy_gettext as _l
from backoffice.models import UTCDateTime, utcnow

if TYPE_CHECKING:
    from backoffice.auth.models import User
    from backoffice.tickets.models import Ticket


class CheckState(enum.StrEnum):
    SCHEDULED = "scheduled"  # waiting for its date
    DUE = "due"  # its date came: the owner is asked for a verdict
    OBSERVE = "observe"  # "observe longer": waiting for a later date
    EFFECTIVE = "effective"
    NOT_EFFECTIVE = "not_effective"
    CANCELLED = "cancelled"  # the ticket was reopened

    @property
    def label(self) -> str:
        return str(CHECK_STATE_LABELS[self])

    @property
    def is_open(self) -> bool:
        return self in OPEN_CHECK_STATES


OPEN_CHECK_STATES = frozenset({CheckState.SCHEDULED, CheckState.DUE, CheckState.OBSERVE})
WAITING_STATES = frozenset({CheckState.SCHEDULED, CheckState.OBSERVE})
# What a person may decide when a check is due.
VERDICTS = (CheckState.EFFECTIVE, CheckState.NOT_EFFECTIVE, CheckState.OBSERVE)
CHECK_STATE_LABELS = {
    CheckState.SCHEDULED: _l("Scheduled"),
    CheckState.DUE: _l("Due for a verdict"),
    CheckState.OBSERVE: _l("Observe longer"),
    CheckState.EFFECTIVE: _l("Effective"),
    CheckState.NOT_EFFECTIVE: _l("Not effective"),
    CheckState.CANCELLED: _l("Cancelled: the ticket was reopened"),
}

# Each state wears the colour of the ticket status it resembles (app.css badges).
CHECK_BADGES = {
    CheckState.SCHEDULED.value: "new",
    CheckState.DUE.value: "waiting",
    CheckState.OBSERVE.value: "in_progress",
    CheckState.EFFECTIVE.value: "resolved",
    CheckState.NOT_EFFECTIVE.value: "disputed",
    CheckState.CANCELLED.value: "closed",
}


class EffectivenessCheck(db.Model):
    """One check of one preventive action. A reopened ticket cancels its open check and
    the next resolution schedules a new one, so a ticket may have several, one open."""

    __tablename__ = "effectiveness_checks"
    __table_args__ = (
        # The due job and My work: open checks by date.
        Index("ix_effectiveness_checks_state_due_date", "state", "due_date"),
        # The agenda: checks decided or due in a period.
        Index("ix_effectiveness_checks_due_date_state", "due_date", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    # The preventive action as it was when resolved (the ticket's text may change later).
    preventive_action: Mapped[str] = mapped_column(Text)
    recorded_dt: Mapped[datetime] = mapped_column(UTCDateTime)
    # The span the evidence compares with: from the resolution to the first check date.
    span_days: Mapped[int] = mapped_column(Integer)
    due_date: Mapped[date] = mapped_column(Date)
    state: Mapped[CheckState] = mapped_column(enum_column(CheckState), default=CheckState.SCHEDULED)
    # Similar tickets since the action, counted when the check fell due (the job).
    recurrence_count: Mapped[int | None] = mapped_column(Integer)
    verdict_note: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    follow_up_ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("tickets.id", ondelete="SET NULL"), index=True
    )
    notified_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    ticket: Mapped[Ticket] = relationship(foreign_keys=[ticket_id])
    follow_up: Mapped[Ticket | None] = relationship(foreign_keys=[follow_up_ticket_id])
    decided_by: Mapped[User | None] = relationship()

    @property
    def is_open(self) -> bool:
        return self.state.is_open
