"""Places where a feature adds its part to a page it does not own.

The ticket page belongs to the core, My work and the quarterly agenda to their own
packages, yet effectiveness checks, surveys or self-assessments each have something to
show there. Rather than every owner importing every feature (the core may not, and the
owners would grow an import per feature), a feature registers its part here in its
`init_*` function, and the page renders whatever is registered, in `order`.

Five points, each a `Slots` kept per application (in `app.extensions`, so test apps
with or without a feature do not leak into each other):

- `ticket_panels`: `context(ticket, user) -> dict | None`, on the ticket page below the
  resolution. The template sees `panel` (`panel.data` is the dict) and the page's variables.
- `my_work_panels`: `context(user) -> dict | None`, on the start page after the ticket
  sections. The template sees `panel` (`panel.data`).
- `achievement_panels`: `context(quarter, function) -> dict | None` (`function` is
  None for the whole office), on the achievement page after the per-function table;
  the template calls `filled_slots("achievement_panels", quarter, function)`.
- `preferences_panels`: `context(user) -> dict | None`, on the preferences page after the
  sign-in sessions (personal API tokens); the template calls
  `filled_slots("preferences_panels", user)` and sees `panel` (`panel.data`).
- `agenda_sections`: `context(period: AgendaPeriod) -> dict | None`, a section of the
  quarterly agenda. Its result is stored in the published agenda's JSON (under
  `agenda["sections"][key]`), so it must be plain data: dicts, lists, numbers, strings,
  and `*_dt`/`*_date`/`*amount` keys for datetimes, dates and Decimals. The template
  sees `section` (the stored dict), `section_no` and the whole `agenda`; it prints in
  the PDF too. Snapshots published before a section existed simply lack its key.

A context function returning None hides its part (nothing to show for this user).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from flask import Flask, current_app

if TYPE_CHECKING:
    from backoffice.quarters import Quarter


@dataclass(frozen=True)
class Slot:
    key: str
    template: str
    context: Callable[..., dict[str, Any] | None]
    order: int = 100


@dataclass(frozen=True)
class AgendaPeriod:
    """What an agenda section is built for: the review's quarter and the span since the
    last review (`since_dt`), in UTC; `previous_quarter` is the quarter before."""

    review_id: int
    quarter: Quarter
    previous_quarter: Quarter
    start_dt: datetime
    end_dt: datetime
    since_dt: datetime
    now_dt: datetime
    max_rows: int


@dataclass(frozen=True)
class Filled:
    """A slot with the data its context function returned for this page."""

    key: str
    template: str
    data: dict[str, Any]


class Slots:
    """The parts registered for one place on a page, per application."""

    def __init__(self, name: str) -> None:
        self.name = name

    def _registry(self, app: Flask) -> dict[str, Slot]:
        return app.extensions.setdefault(f"backoffice.{self.name}", {})

    def add(self, app: Flask, key: str, template: str,
            context: Callable[..., dict[str, Any] | None], order: int = 100) -> None:  # fmt: skip
        """Register (or replace) the part `key`; registering twice keeps one."""
        self._registry(app)[key] = Slot(key, template, context, order)

    def remove(self, app: Flask, key: str) -> None:
        self._registry(app).pop(key, None)

    def slots(self) -> list[Slot]:
        return sorted(self._registry(current_app).values(), key=lambda s: (s.order, s.key))

    def fill(self, *args: Any) -> list[Filled]:
        """Every registered part with its data for these arguments; hidden parts left out."""
        filled = []
        for slot in self.slots():
            data = slot.context(*args)
            if data is not None:
                filled.append(Filled(slot.key, slot.template, data))
        return filled

    def templates(self) -> dict[str, str]:
        """key → template, to render stored data (a published agenda) again."""
        return {slot.key: slot.template for slot in self.slots()}


ticket_panels = Slots("ticket_panels")
my_work_panels = Slots("my_work_panels")
achievement_panels = Slots("achievement_panels")
agenda_sections = Slots("agenda_sections")
preferences_panels = Slots("preferences_panels")
SLOTS = {
    s.name: s
    for s in (
        ticket_panels,
        my_work_panels,
        achievement_panels,
        agenda_sections,
        preferences_panels,
    )
}


def filled_slots(name: str, *args: Any) -> list[Filled]:
    """`Slots.fill` for templates whose view has no room to pass parts (the achievement page)."""
    return SLOTS[name].fill(*args)


def slot_templates(name: str) -> dict[str, str]:
    """key → template of the parts registered at `name`, to render stored data again."""
    return SLOTS[name].templates()
