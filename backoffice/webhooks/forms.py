"""The subscription form: where to send, which events, on or off."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, StringField
from wtforms.validators import DataRequired, Length

from backoffice.agreements.forms import MultiCheckboxField
from backoffice.i18n import lazy_gettext as _l
from backoffice.webhooks.models import WebhookEvent
from backoffice.webhooks.subscriptions import SubscriptionData

EVENT_LABELS = {
    WebhookEvent.TICKET_REPORTED: _l("Ticket reported"),
    WebhookEvent.TICKET_MOVED: _l("Ticket moved (status changed)"),
    WebhookEvent.TICKET_COMMENTED: _l("Ticket commented"),
    WebhookEvent.DEADLINE_AT_RISK: _l("Deadline at risk"),
    WebhookEvent.DEADLINE_BREACHED: _l("Deadline breached"),
    WebhookEvent.REVIEW_PUBLISHED: _l("Review agenda published"),
}


class SubscriptionForm(FlaskForm):
    url = StringField(
        _l("Address (URL)"),
        description=_l("https://… of the receiving system; it gets a signed POST per event."),
        validators=[DataRequired(_l("Give the receiving address.")), Length(max=500)],
    )
    events = MultiCheckboxField(
        _l("Events"), choices=[(e.value, EVENT_LABELS[e]) for e in WebhookEvent]
    )
    is_active = BooleanField(_l("Active"), default=True)
    version = HiddenField()

    def to_data(self) -> SubscriptionData:
        version = self.version.data or ""
        return SubscriptionData(
            url=self.url.data or "",
            events=list(self.events.data or []),
            is_active=bool(self.is_active.data),
            expected_version=int(version) if version.isdigit() else None,
        )
