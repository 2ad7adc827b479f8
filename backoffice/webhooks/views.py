"""Administrators' pages: subscriptions, their secrets and the delivery log with redeliver."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from backoffice.auth.models import Role
from backoffice.auth.permissions import role_required
from backoffice.extensions import db
from backoffice.form_submission import form_status, submitted
from backoffice.i18n import gettext as _
from backoffice.webhooks.delivery import redeliver as send_again
from backoffice.webhooks.forms import EVENT_LABELS, SubscriptionForm
from backoffice.webhooks.models import WebhookDelivery, WebhookSubscription
from backoffice.webhooks.subscriptions import (
    delivery_log,
    list_subscriptions,
    new_secret,
    save_subscription,
)


@role_required(Role.ADMIN)
def index():  # noqa: ANN201
    return render_template("webhooks/index.html", subscriptions=list_subscriptions(),
                           deliveries=delivery_log(), labels=EVENT_LABELS)  # fmt: skip


@role_required(Role.ADMIN)
def edit(subscription_id: int | None = None):  # noqa: ANN201
    subscription = db.get_or_404(WebhookSubscription, subscription_id) if subscription_id else None
    form = SubscriptionForm(
        obj=subscription, events=subscription.event_list if subscription else []
    )
    save = lambda: save_subscription(subscription, form.to_data(), current_user)  # noqa: E731
    if saved := submitted(form, save):
        flash(_("The subscription is saved."), "success")
        return redirect(url_for("webhooks.edit", subscription_id=saved.id))
    deliveries = delivery_log(subscription) if subscription else []
    page = render_template("webhooks/edit.html", form=form, subscription=subscription,
                           deliveries=deliveries, labels=EVENT_LABELS)  # fmt: skip
    return page, form_status(form)


@role_required(Role.ADMIN)
def rotate_secret(subscription_id: int):  # noqa: ANN201
    new_secret(db.get_or_404(WebhookSubscription, subscription_id), current_user)
    flash(_("The subscription has a new secret. Give it to the receiving system."), "success")
    return redirect(url_for("webhooks.edit", subscription_id=subscription_id))


@role_required(Role.ADMIN)
def redeliver(delivery_id: int):  # noqa: ANN201
    delivery = db.get_or_404(WebhookDelivery, delivery_id)
    send_again(delivery)
    flash(_("The delivery is queued again."), "success")
    return redirect(url_for("webhooks.edit", subscription_id=delivery.subscription_id))
