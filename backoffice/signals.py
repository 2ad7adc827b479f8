"""What the ticket core announces, so features can act without the core importing them.

The ticket core (`backoffice.tickets`) is the ground floor: service agreements,
reviews and later features listen to these signals; the core never imports them.
Receivers run synchronously inside the sender's transaction, before its commit, so
whatever they change is saved (or rolled back) together with the ticket.

Every signal is sent with the ticket as sender and keyword arguments:

- `ticket_reported(ticket, actor, at)`: a new ticket is about to be saved.
- `ticket_edited(ticket, actor, changed)`: fields were edited; `changed` names them.
- `ticket_moved(ticket, actor, old, new)`: the status changed (only `workflow.py` sends it).
- `ticket_commented(ticket, actor, comment)`: a comment was added.
"""

from __future__ import annotations

from blinker import Namespace

_ticket_signals = Namespace()

ticket_reported = _ticket_signals.signal("ticket-reported")
ticket_edited = _ticket_signals.signal("ticket-edited")
ticket_moved = _ticket_signals.signal("ticket-moved")
ticket_commented = _ticket_signals.signal("ticket-commented")
