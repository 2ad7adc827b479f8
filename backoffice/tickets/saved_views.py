"""Saved views: a named filter of the ticket list, as queues in Zammad, RT or Jira SM.

A view is owned by one user. Its owner may rename, pin (to My work) or delete it; a
coordinator may also publish their own view to everyone. A view stores the list's
query string as `TicketFilter` reads it, so unknown parameters, the page and the page
size are dropped and a shared link opens exactly the filter that was saved.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.datastructures import MultiDict

from backoffice.auth.models import User
from backoffice.errors import Invalid, NotAllowed
from backoffice.extensions import db
from backoffice.i18n import gettext as _
from backoffice.models import TimestampMixin
from backoffice.tickets.filters import TicketFilter

NAME_MAX = 80
QUERY_MAX = 2000


class SavedView(TimestampMixin, db.Model):
    __tablename__ = "saved_views"
    __table_args__ = (UniqueConstraint("owner_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    query: Mapped[str] = mapped_column(String(QUERY_MAX), default="")
    is_pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    is_published: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    owner: Mapped[User] = relationship()

    @property
    def filter(self) -> TicketFilter:
        return TicketFilter.from_args(MultiDict(parse_qsl(self.query)))

    def list_args(self) -> dict[str, object]:
        """The view's URL parameters for the ticket list, naming the view."""
        return {**self.filter.query_args(per_page=None), "view": self.id}

    def __repr__(self) -> str:
        return f"<SavedView {self.id} {self.name!r}>"


def normalised_query(query: str) -> str:
    """`query` as the ticket list understands it: known parameters only, no page, no size."""
    args = MultiDict(parse_qsl(query.lstrip("?")[:QUERY_MAX]))
    flt = TicketFilter.from_args(args)
    return urlencode(flt.query_args(page=None, per_page=None), doseq=True)


def _checked_name(owner: User, name: str, view: SavedView | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise Invalid({"name": _("Give the view a name.")})
    if len(name) > NAME_MAX:
        raise Invalid({"name": _("At most %(count)d characters.", count=NAME_MAX)})
    taken = select(SavedView.id).where(
        SavedView.owner_id == owner.id, func.lower(SavedView.name) == name.lower()
    )
    if view is not None:
        taken = taken.where(SavedView.id != view.id)
    if db.session.scalar(taken) is not None:
        raise Invalid({"name": _("You already have a view named “%(name)s”.", name=name)})
    return name


def _require_owner(view: SavedView, actor: User) -> None:
    if view.owner_id != actor.id:
        raise NotAllowed


def save_view(owner: User, name: str, query: str) -> SavedView:
    """A new view of the list filtered by `query`, last in the owner's order."""
    last = db.session.scalar(
        select(func.max(SavedView.position)).where(SavedView.owner_id == owner.id)
    )
    view = SavedView(
        owner_id=owner.id,
        name=_checked_name(owner, name),
        query=normalised_query(query),
        position=(last or 0) + 1,
    )
    db.session.add(view)
    db.session.commit()
    return view


def rename_view(view: SavedView, actor: User, name: str) -> SavedView:
    _require_owner(view, actor)
    view.name = _checked_name(actor, name, view)
    db.session.commit()
    return view


def pin_view(view: SavedView, actor: User, pinned: bool) -> SavedView:
    """Pinned views show on their owner's My work."""
    _require_owner(view, actor)
    view.is_pinned = pinned
    db.session.commit()
    return view


def publish_view(view: SavedView, actor: User, published: bool) -> SavedView:
    """A published view is in everyone's Views menu; only coordinators publish."""
    _require_owner(view, actor)
    if not actor.is_coordinator:
        raise NotAllowed
    view.is_published = published
    db.session.commit()
    return view


def delete_view(view: SavedView, actor: User) -> str:
    """Deletes the view; answers its name (for the message)."""
    _require_owner(view, actor)
    name = view.name
    db.session.delete(view)
    db.session.commit()
    return name
