"""Tickets and everything recorded on them."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, query_expression, relationship

from backoffice.auth.models import enum_column
from backoffice.extensions import db
from backoffice.i18n import lazy_gettext as _l
from backoffice.models import TimestampMixin, UTCDateTime, utcnow

if TYPE_CHECKING:
    from backoffice.auth.models import User
    from backoffice.org.models import Function, Handoff


class Status(enum.StrEnum):
    NEW = "new"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    DISPUTED = "disputed"
    RESOLVED = "resolved"
    CLOSED = "closed"
    REJECTED = "rejected"
    DUPLICATE = "duplicate"
    WAITING = "waiting"  # for information from the reporter; the service clock pauses

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])

    @property
    def is_open(self) -> bool:
        return self in OPEN_STATUSES


OPEN_STATUSES = frozenset(
    {Status.NEW, Status.ASSIGNED, Status.IN_PROGRESS, Status.DISPUTED, Status.WAITING}
)
STATUS_LABELS = {
    Status.NEW: _l("New"),
    Status.ASSIGNED: _l("Assigned"),
    Status.IN_PROGRESS: _l("In progress"),
    Status.DISPUTED: _l("Disputed"),
    Status.RESOLVED: _l("Resolved"),
    Status.CLOSED: _l("Closed"),
    Status.REJECTED: _l("Rejected"),
    Status.DUPLICATE: _l("Duplicate"),
    Status.WAITING: _l("Waiting for information"),
}


class NoPrevention(enum.StrEnum):
    """Why a resolution may come without a preventive action."""

    ONE_OFF = "one_off"
    OUTSIDE_CONTROL = "outside_control"

    @property
    def label(self) -> str:
        return str(NO_PREVENTION_LABELS[self])


NO_PREVENTION_LABELS = {
    NoPrevention.ONE_OFF: _l("One-off cause"),
    NoPrevention.OUTSIDE_CONTROL: _l("Outside our control"),
}


class SlaState(enum.StrEnum):
    """Where a ticket stands against its service agreement (see agreements.deadlines)."""

    NONE = "none"  # no agreement covers it, or it was rejected
    OK = "ok"
    AT_RISK = "at_risk"
    BREACHED = "breached"
    MET = "met"

    @property
    def label(self) -> str:
        return str(SLA_STATE_LABELS[self])


SLA_STATE_LABELS = {
    SlaState.NONE: _l("No agreement"),
    SlaState.OK: _l("On track"),
    SlaState.AT_RISK: _l("At risk"),
    SlaState.BREACHED: _l("Breached"),
    SlaState.MET: _l("Met"),
}


class Severity(enum.StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def label(self) -> str:
        return str(SEVERITY_LABELS[self])

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


SEVERITY_LABELS = {
    Severity.LOW: _l("Low"),
    Severity.MEDIUM: _l("Medium"),
    Severity.HIGH: _l("High"),
    Severity.CRITICAL: _l("Critical"),
}


class PickListKind(enum.StrEnum):
    CATEGORY = "category"
    ROOT_CAUSE = "root_cause"

    @property
    def label(self) -> str:
        return str(PICK_LIST_LABELS[self])


PICK_LIST_LABELS = {
    PickListKind.CATEGORY: _l("Defect categories"),
    PickListKind.ROOT_CAUSE: _l("Root-cause categories"),
}


LABEL_LANGUAGES = ("en", "de", "nl")  # a pick-list item's label_<code> columns


class PickListItem(TimestampMixin, db.Model):
    """An entry of a configurable pick-list, labelled in each supported language."""

    __tablename__ = "pick_list_items"
    __table_args__ = (UniqueConstraint("kind", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[PickListKind] = mapped_column(enum_column(PickListKind))
    code: Mapped[str] = mapped_column(String(50))
    label_en: Mapped[str] = mapped_column(String(120))
    label_de: Mapped[str] = mapped_column(String(120), default="")
    label_nl: Mapped[str] = mapped_column(String(120), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Days after a resolution before its preventive action is checked (defect categories
    # only); None: the office's default, `EFFECTIVENESS_CHECK_DAYS`.
    check_after_days: Mapped[int | None] = mapped_column(Integer)

    def label_in(self, locale: str) -> tuple[str, str]:
        """(label, its language): the reader's label, else the English one, which always exists.

        The one place that picks a label; callers show a fallback as one (see `label_for`
        and the `pick` filter), never silently as if it were the reader's language.
        """
        label = getattr(self, f"label_{locale}", "") if locale in LABEL_LANGUAGES else ""
        return (label, locale) if label else (self.label_en, "en")

    def label_for(self, locale: str) -> str:
        """As plain text (options, documents): "Late delivery (en)" where German is missing."""
        label, language = self.label_in(locale)
        return label if language == locale else f"{label} ({language})"

    @property
    def missing_languages(self) -> list[str]:
        return [code for code in LABEL_LANGUAGES if not getattr(self, f"label_{code}")]


class TicketCounter(db.Model):
    """The last ticket number handed out per year (numbers never repeat or shift)."""

    __tablename__ = "ticket_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


# What My work reads of an open ticket: its deadline (`tickets.deadline`), handoff, age,
# owner and reporter, and its id (to fetch only the rows shown). The predicate lists
# OPEN_STATUSES in a fixed (sorted) order.
OPEN_WORK_COLUMNS = (
    "status",
    "due_date",
    "agreement_id",
    "resolution_due_dt",
    "response_due_dt",
    "first_response_dt",
    "waiting_since_dt",
    "handoff_id",
    "created_dt",
    "owner_id",
    "reporter_id",
    "id",
)
OPEN_TICKETS_PREDICATE = text(
    "status IN (" + ", ".join(f"'{status}'" for status in sorted(OPEN_STATUSES)) + ")"
)
TICKET_FILLFACTOR = 85  # per cent of each PostgreSQL page filled by inserts


# The reporter's rating when closing: a scale with words, so "3" means the same to everyone.
RATING_LABELS = {
    1: _l("not resolved"),
    2: _l("hardly resolved"),
    3: _l("partly resolved"),
    4: _l("mostly resolved"),
    5: _l("resolved for good"),
}


def rating_text(rating: int | str | None) -> str:
    """ "4: mostly resolved"; "" for no rating, the value itself for one off the scale."""
    try:
        number = int(rating or 0)
    except ValueError:
        return str(rating)
    if number not in RATING_LABELS:
        return str(rating or "")
    return str(_l("%(rating)s: %(label)s", rating=number, label=RATING_LABELS[number]))


class Ticket(TimestampMixin, db.Model):
    __tablename__ = "tickets"
    __table_args__ = (
        Index("ix_tickets_status_created_dt", "status", "created_dt"),
        # The list's most common filter (status and severity, newest first) and the
        # overdue queues (open statuses by due date) read only these index entries.
        Index("ix_tickets_status_severity_created_dt", "status", "severity", "created_dt"),
        Index("ix_tickets_status_due_date", "status", "due_date"),
        Index("ix_tickets_owner_id_status", "owner_id", "status"),
        Index("ix_tickets_reporter_id_status", "reporter_id", "status"),
        Index("ix_tickets_sla_state_sla_outcome_dt", "sla_state", "sla_outcome_dt", "agreement_id"),
        # Recurrences of a defect (effectiveness checks, repeating causes): the same handoff
        # and category, or handoff and root cause, reported in a span.
        Index(
            "ix_tickets_handoff_id_category_id_created_dt",
            "handoff_id",
            "category_id",
            "created_dt",
        ),
        Index(
            "ix_tickets_handoff_id_root_cause_id_created_dt",
            "handoff_id",
            "root_cause_id",
            "created_dt",
        ),
        # My work over the open tickets only (a tenth of all, or less): the section counts,
        # the overdue queue and the ageing chart read every column they need from this
        # index and never visit the table (PostgreSQL: an index-only scan). The price:
        # a recomputed deadline changes an indexed column, so it is no "HOT" update.
        Index(
            "ix_tickets_open_work",
            *OPEN_WORK_COLUMNS,
            postgresql_where=OPEN_TICKETS_PREDICATE,
            sqlite_where=OPEN_TICKETS_PREDICATE,
        ),
        # Room on each page for a changed row: an update that changes no indexed column
        # (a deadline, a comment's activity time) then stays on its page and writes no
        # index entry (PostgreSQL's "HOT" update).
        {"postgresql_with": {"fillfactor": TICKET_FILLFACTOR}},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    handoff_id: Mapped[int] = mapped_column(ForeignKey("handoffs.id"), index=True)
    found_in_function_id: Mapped[int | None] = mapped_column(
        ForeignKey("functions.id", ondelete="SET NULL")
    )
    category_id: Mapped[int] = mapped_column(ForeignKey("pick_list_items.id"), index=True)
    severity: Mapped[Severity] = mapped_column(enum_column(Severity), default=Severity.MEDIUM)
    status: Mapped[Status] = mapped_column(enum_column(Status), default=Status.NEW)
    external_reference: Mapped[str] = mapped_column(String(100), default="")
    billing_period: Mapped[str | None] = mapped_column(String(7), index=True)  # YYYY-MM
    impact_amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    impact_currency: Mapped[str] = mapped_column(String(3), default="EUR")
    records_affected: Mapped[int | None] = mapped_column(Integer)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    due_date: Mapped[date | None] = mapped_column(Date, index=True)

    # Resolution
    root_cause_id: Mapped[int | None] = mapped_column(ForeignKey("pick_list_items.id"))
    cause_analysis: Mapped[str] = mapped_column(Text, default="")
    corrective_action: Mapped[str] = mapped_column(Text, default="")
    preventive_action: Mapped[str] = mapped_column(Text, default="")
    # Why there is no preventive action (`NoPrevention`), with a sentence; "" when there is one.
    no_prevention_reason: Mapped[str] = mapped_column(String(20), default="", server_default="")
    no_prevention_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    resolved_dt: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    closed_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rating: Mapped[int | None] = mapped_column(Integer)
    rating_remark: Mapped[str] = mapped_column(Text, default="")
    # The reporter's answer to "Is the defect gone?" when closing; None: not asked (older
    # tickets, or closed before the question existed).
    defect_gone: Mapped[bool | None] = mapped_column(Boolean)
    status_reason: Mapped[str] = mapped_column(Text, default="")  # reject/duplicate/reopen
    dispute_reason: Mapped[str] = mapped_column(Text, default="")
    dispute_count: Mapped[int] = mapped_column(Integer, default=0)
    last_activity_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # Service agreement: set only by the agreements feature (its listeners). Targets and pauses are
    # business seconds, so a closed ticket keeps what it was measured against.
    agreement_id: Mapped[int | None] = mapped_column(
        ForeignKey("agreements.id", ondelete="SET NULL"), index=True
    )
    response_target_s: Mapped[int | None] = mapped_column(Integer)
    resolution_target_s: Mapped[int | None] = mapped_column(Integer)
    # Not indexed: recomputing deadlines would rewrite the index entries of every
    # open ticket. The deadline job and the filtered lists narrow by status first;
    # only sorting the whole unfiltered list by a due time sorts without an index.
    response_due_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolution_due_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sla_risk_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_response_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    waiting_since_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paused_s: Mapped[int] = mapped_column(Integer, default=0)
    response_s: Mapped[int | None] = mapped_column(Integer)
    resolution_s: Mapped[int | None] = mapped_column(Integer)
    sla_state: Mapped[SlaState] = mapped_column(enum_column(SlaState), default=SlaState.NONE)
    sla_outcome_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    # The version is raised by hand when a field or the status changes (see
    # tickets.events), so a comment does not invalidate someone's open edit form.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    handoff: Mapped[Handoff] = relationship()
    found_in_function: Mapped[Function | None] = relationship()
    category: Mapped[PickListItem] = relationship(foreign_keys=[category_id])
    root_cause: Mapped[PickListItem | None] = relationship(foreign_keys=[root_cause_id])
    reporter: Mapped[User] = relationship(foreign_keys=[reporter_id])
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])

    # Whether the ticket has attachments and links, asked with the ticket itself where its
    # page is shown (`queries.ticket_to_show`); None where nobody asked (then look them up).
    has_attachments: Mapped[bool | None] = query_expression()
    has_links: Mapped[bool | None] = query_expression()

    @property
    def is_open(self) -> bool:
        return self.status.is_open

    # "Due" and "overdue" have one home: `tickets.deadline` (the next deadline of a ticket).

    @property
    def rating_text(self) -> str:
        return rating_text(self.rating)

    def __repr__(self) -> str:
        return f"<Ticket {self.number}>"


class EventKind(enum.StrEnum):
    CREATED = "created"
    STATUS = "status"
    FIELD = "field"
    COMMENT = "comment"
    ATTACHMENT = "attachment"
    LINK = "link"


class TicketEvent(db.Model):
    """One recorded change: who, when, which field, old → new, and why."""

    __tablename__ = "ticket_events"
    __table_args__ = (Index("ix_ticket_events_ticket_id_created_dt", "ticket_id", "created_dt"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind))
    field: Mapped[str] = mapped_column(String(50), default="")
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    # Events written in one transaction (one command) share an id: the timeline shows them
    # as one entry. None for events recorded before the id existed.
    action_id: Mapped[str | None] = mapped_column(String(32))
    # Written by the system (deadlines recomputed), not by a person; `actor` is then None.
    # Kept apart from "actor is None", which also means a deleted user.
    is_system: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    ticket: Mapped[Ticket] = relationship()
    actor: Mapped[User | None] = relationship()


class Comment(db.Model):
    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_ticket_id_created_dt", "ticket_id", "created_dt"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User] = relationship()


class Attachment(db.Model):
    """A file attached to a ticket, kept in the database (bytea on PostgreSQL, BLOB on SQLite).

    Every app server sees every file, and a file is saved in the same transaction as the
    ticket event that records it. `data` is deferred: listing attachments never loads the
    bytes; a download reads them in chunks (`tickets.attachments.stream_attachment`).
    """

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    uploader_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(Integer)
    # None only for a file that was missing from the disk when migration 20261201_attachment_data
    # moved the files into the database: downloading it answers 404.
    data: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    # Where the file lay on disk before that migration; new attachments have none.
    storage_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    uploader: Mapped[User] = relationship()


class LinkKind(enum.StrEnum):
    DUPLICATE_OF = "duplicate_of"
    RELATED_TO = "related_to"
    # Set by the app when a preventive action failed its check (never chosen by hand).
    FOLLOW_UP_OF = "follow_up_of"

    @property
    def label(self) -> str:
        return str(LINK_LABELS[self])


LINK_LABELS = {
    LinkKind.DUPLICATE_OF: _l("Duplicate of"),
    LinkKind.RELATED_TO: _l("Related to"),
    LinkKind.FOLLOW_UP_OF: _l("Follow-up of"),
}
# The kinds a person may choose when linking by hand.
MANUAL_LINK_KINDS = (LinkKind.DUPLICATE_OF, LinkKind.RELATED_TO)


class TicketLink(db.Model):
    __tablename__ = "ticket_links"
    __table_args__ = (UniqueConstraint("source_id", "target_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    target_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    kind: Mapped[LinkKind] = mapped_column(enum_column(LinkKind))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    source: Mapped[Ticket] = relationship(foreign_keys=[source_id])
    target: Mapped[Ticket] = relationship(foreign_keys=[target_id])
