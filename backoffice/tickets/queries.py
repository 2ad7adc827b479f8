"""Read side of tickets: the filtered list and the detail page (My work: work_queue.py).

Each function loads what its page shows in a fixed number of statements,
however many tickets there are (tests pin the counts).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, exists, func, or_, select, text
from sqlalchemy.orm import aliased, defer, joinedload, with_expression

from backoffice.auth.models import User
from backoffice.extensions import db
from backoffice.org.models import Function, Handoff
from backoffice.tickets.filters import TicketFilter
from backoffice.tickets.models import (
    Attachment,
    PickListItem,
    Ticket,
    TicketLink,
)

# Long texts a list never shows; loading them for 100 rows is most of the bytes read.
_LONG_TEXTS = (
    Ticket.description,
    Ticket.cause_analysis,
    Ticket.corrective_action,
    Ticket.preventive_action,
    Ticket.rating_remark,
    Ticket.status_reason,
    Ticket.dispute_reason,
)


def _row_relations() -> list[Any]:
    """What a ticket row shows besides its own columns, loaded in the same statement."""
    return [
        joinedload(Ticket.handoff).joinedload(Handoff.from_function),
        joinedload(Ticket.handoff).joinedload(Handoff.to_function),
        joinedload(Ticket.owner),
        joinedload(Ticket.category),
    ]


def _list_options() -> list[Any]:
    return [*(defer(column) for column in _LONG_TEXTS), *_row_relations()]


def _rows_of_page(where: list[Any], order: list[Any], limit: int, offset: int = 0) -> Select:
    """The tickets of one page, with what their rows show.

    The page's ids are chosen first, from the indexes alone; only those rows are
    then read and joined. Left to itself, SQLite's planner may join and sort every
    matching ticket before it takes the first fifty.
    """
    page_ids = select(Ticket.id).where(*where).order_by(*order).limit(limit).offset(offset)
    return select(Ticket).options(*_list_options()).where(Ticket.id.in_(page_ids)).order_by(*order)


@dataclass
class TicketPage:
    items: list[Ticket]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def list_tickets(flt: TicketFilter) -> TicketPage:
    where = flt.conditions()
    total = db.session.scalar(select(func.count()).select_from(Ticket).where(*where)) or 0
    pages = max(1, -(-total // flt.per_page))
    page = min(flt.page, pages)
    items = db.session.scalars(
        _rows_of_page(where, flt.order_by(), flt.per_page, (page - 1) * flt.per_page)
    ).all()
    return TicketPage(items=list(items), total=total, page=page, per_page=flt.per_page)


def export_rows_stmt(flt: TicketFilter) -> Select:
    """Flat columns for the CSV export, so rows can stream without building objects."""
    from_fn, to_fn = aliased(Function), aliased(Function)
    owner, reporter = aliased(User), aliased(User)

    category = aliased(PickListItem)
    return (
        select(
            Ticket.number,
            Ticket.title,
            Ticket.status,
            Ticket.severity,
            Handoff.name.label("handoff"),
            from_fn.name.label("from_function"),
            to_fn.name.label("to_function"),
            category.label_en.label("category"),
            owner.name.label("owner"),
            reporter.name.label("reporter"),
            Ticket.external_reference,
            Ticket.billing_period,
            Ticket.impact_amount,
            Ticket.impact_currency,
            Ticket.records_affected,
            Ticket.due_date,
            Ticket.created_dt,
            Ticket.resolved_dt,
            Ticket.closed_dt,
        )
        .join(Handoff, Ticket.handoff_id == Handoff.id)
        .join(from_fn, Handoff.from_function_id == from_fn.id)
        .join(to_fn, Handoff.to_function_id == to_fn.id)
        .join(category, Ticket.category_id == category.id)
        .join(reporter, Ticket.reporter_id == reporter.id)
        .outerjoin(owner, Ticket.owner_id == owner.id)
        .where(*flt.conditions())
        .order_by(*flt.order_by())
    )


def ticket_rows_by_id(ids: set[int]) -> dict[int, Ticket]:
    """Tickets by id, with what their rows show, in one statement."""
    if not ids:
        return {}
    return {
        t.id: t
        for t in db.session.scalars(
            select(Ticket).options(*_list_options()).where(Ticket.id.in_(ids))
        )
    }


def rows_of_page(where: list[Any], order: list[Any], limit: int, *columns: Any) -> Select:
    """The first `limit` tickets matching `where`, with their rows and extra `columns`."""
    return _rows_of_page(where, order, limit).add_columns(*columns)


def join_in_written_order() -> None:
    """Let PostgreSQL join tables in the order written, for the rest of this transaction.

    A ticket with its eight lookups is a ten-table join with one row. Searching the
    orders to join them in took PostgreSQL 1.2 ms, thirteen times what running the
    plan took (0.09 ms); in the written order (the ticket first, each lookup by its
    key) planning takes 0.3 ms. Only for a transaction that reads one ticket's page:
    elsewhere the search finds plans the written order misses (My work's queues went
    from 1.4 to 190 ms with it).
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL join_collapse_limit = 1"))


def _ticket_stmt(number: str) -> Select:
    return (
        select(Ticket)
        .options(
            *_row_relations(),
            joinedload(Ticket.reporter),
            joinedload(Ticket.root_cause),
            joinedload(Ticket.found_in_function),
        )
        .where(Ticket.number == number.strip().upper())
    )


def ticket_by_number(number: str) -> Ticket | None:
    return db.session.scalar(_ticket_stmt(number))


def ticket_to_show(number: str) -> Ticket | None:
    """`ticket_by_number` for its page, which also says whether the ticket has attachments
    and links: most have neither, and asking in this statement saves the page two."""
    has = [
        with_expression(Ticket.has_attachments, exists().where(Attachment.ticket_id == Ticket.id)),
        with_expression(
            Ticket.has_links,
            exists().where(
                or_(TicketLink.source_id == Ticket.id, TicketLink.target_id == Ticket.id)
            ),
        ),
    ]
    return db.session.scalar(_ticket_stmt(number).options(*has))


def ticket_attachments(ticket: Ticket) -> list[Attachment]:
    if ticket.has_attachments is False:
        return []
    return list(
        db.session.scalars(
            select(Attachment)
            .options(joinedload(Attachment.uploader))
            .where(Attachment.ticket_id == ticket.id)
            .order_by(Attachment.created_dt)
        )
    )


def ticket_links(ticket: Ticket) -> list[TicketLink]:
    if ticket.has_links is False:
        return []
    return list(
        db.session.scalars(
            select(TicketLink)
            .options(joinedload(TicketLink.source), joinedload(TicketLink.target))
            .where(or_(TicketLink.source_id == ticket.id, TicketLink.target_id == ticket.id))
            .order_by(TicketLink.created_dt)
        )
    )
