"""What quarterly reviews announce, so other features (webhooks) can act on it.

- `agenda_published(review, snapshot, actor)`: a version of the review's agenda was
  published (frozen). Sent inside the publishing transaction, before its commit.
"""

from __future__ import annotations

from blinker import Namespace

_meeting_signals = Namespace()

agenda_published = _meeting_signals.signal("agenda-published")
