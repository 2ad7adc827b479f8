"""Read side of saved views: the Views menu with live counts, and pinned views on My work.

Both load in a fixed number of statements however many views there are: the counts of
all views are scalar subqueries of one statement, and the first tickets of every pinned
view are one UNION ALL (tests pin the counts).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, literal, or_, select, union_all
from sqlalchemy.orm import joinedload
from werkzeug.exceptions import NotFound

from backoffice.auth.models import User
from backoffice.extensions import db
from backoffice.tickets.models import Ticket
from backoffice.tickets.queries import ticket_rows_by_id
from backoffice.tickets.saved_views import SavedView, normalised_query

MENU_LIMIT = 50  # views in the menu; each adds one indexed count to its one statement
PINNED_LIMIT = 6  # pinned views on My work
PINNED_TICKETS = 5  # tickets shown per pinned view


@dataclass
class ViewCount:
    view: SavedView
    total: int


@dataclass
class ViewsMenu:
    mine: list[ViewCount] = field(default_factory=list)
    published: list[ViewCount] = field(default_factory=list)
    current: SavedView | None = None
    current_changed: bool = False


@dataclass
class PinnedSection:
    view: SavedView
    total: int
    tickets: list[Ticket]

    @property
    def rows(self) -> list[tuple[Ticket, list[str]]]:
        """As My work's rows: each ticket with its (here no) tags."""
        return [(ticket, []) for ticket in self.tickets]


def _counts(views: list[SavedView]) -> list[int]:
    if not views:
        return []
    counts = db.session.execute(
        select(
            *(
                select(func.count())
                .select_from(Ticket)
                .where(*view.filter.conditions())
                .scalar_subquery()
                for view in views
            )
        )
    ).one()
    return [int(n) for n in counts]


def visible_views(user: User) -> list[SavedView]:
    """The user's own views, then those others published, each in their owner's order."""
    mine_first = (SavedView.owner_id != user.id).label("not_mine")
    return list(
        db.session.scalars(
            select(SavedView)
            .options(joinedload(SavedView.owner))
            .where(or_(SavedView.owner_id == user.id, SavedView.is_published.is_(True)))
            .order_by(mine_first, SavedView.position, SavedView.id)
            .limit(MENU_LIMIT)
        )
    )


def visible_view_or_404(view_id: int, user: User) -> SavedView:
    """A view this user may open: their own or a published one; any other is "not found"."""
    view = db.session.get(SavedView, view_id)
    if view is None or not (view.owner_id == user.id or view.is_published):
        raise NotFound
    return view


def views_menu(user: User, view_arg: str | None = None, query: str = "") -> ViewsMenu:
    """The Views menu of the ticket list; `view_arg` names the view in the URL (`view=<id>`).

    An id that is not a view this user may open is "not found", as when opening it.
    """
    view_id = None
    if view_arg is not None:
        if not (view_arg.isascii() and view_arg.isdigit() and 0 < int(view_arg) < 2**31):
            raise NotFound
        view_id = int(view_arg)
    views = visible_views(user)
    menu = ViewsMenu()
    for view, total in zip(views, _counts(views), strict=True):
        (menu.mine if view.owner_id == user.id else menu.published).append(ViewCount(view, total))
    if view_id is not None:
        menu.current = next((v for v in views if v.id == view_id), None)
        menu.current = menu.current or visible_view_or_404(view_id, user)
        menu.current_changed = normalised_query(query) != menu.current.query
    return menu


def pinned_sections(user: User, limit: int = PINNED_TICKETS) -> list[PinnedSection]:
    """The user's pinned views with their counts and first tickets, for My work."""
    views = list(
        db.session.scalars(
            select(SavedView)
            .where(SavedView.owner_id == user.id, SavedView.is_pinned.is_(True))
            .order_by(SavedView.position, SavedView.id)
            .limit(PINNED_LIMIT)
        )
    )
    if not views:
        return []
    totals = _counts(views)
    firsts = []
    for index, view in enumerate(views):
        flt = view.filter
        rank = func.row_number().over(order_by=flt.order_by()).label("rank")
        page = (
            select(Ticket.id.label("ticket_id"), rank)
            .where(*flt.conditions())
            .order_by(*flt.order_by())
            .limit(limit)
            .subquery()
        )
        firsts.append(select(literal(index).label("view"), page.c.ticket_id, page.c.rank))
    rows = [r for r in db.session.execute(union_all(*firsts)) if totals[r.view]]
    tickets = ticket_rows_by_id({r.ticket_id for r in rows})
    placed: dict[int, list[tuple[int, Ticket]]] = {}
    for row in rows:
        placed.setdefault(row.view, []).append((row.rank, tickets[row.ticket_id]))
    return [
        PinnedSection(view, total, [t for _, t in sorted(placed.get(i, []), key=lambda p: p[0])])
        for i, (view, total) in enumerate(zip(views, totals, strict=True))
    ]
