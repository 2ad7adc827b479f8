"""What service agreements announce, so other features (webhooks) can act on it.

- `deadline_at_risk(ticket, now)` and `deadline_breached(ticket, now)`: a ticket's agreed
  deadline became at risk, or was missed. Sent once per change of state, inside the
  deadline job's (or the ticket command's) transaction, before its commit.
"""

from __future__ import annotations

from blinker import Namespace

_agreement_signals = Namespace()

deadline_at_risk = _agreement_signals.signal("deadline-at-risk")
deadline_breached = _agreement_signals.signal("deadline-breached")
