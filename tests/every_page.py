"""The one office with something on every page, and every GET route filled with its ids.

The fuzz test (`test_fuzz.py`) feeds odd values around these real ids; the language
test (`test_no_english.py`) renders every page with them. Both find the routes in
`app.url_map`, so a new page is walked without editing either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time
from html.parser import HTMLParser
from itertools import cycle
from urllib.parse import quote

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from backoffice.agreements import catalogue
from backoffice.agreements.models import TargetUnit
from backoffice.api.tokens import create_token
from backoffice.assessments.catalogue import toolbox
from backoffice.assessments.commands import NeedInput, add_need
from backoffice.assessments.models import EvidenceFile
from backoffice.auth.models import User
from backoffice.effectiveness.jobs import mark_due
from backoffice.effectiveness.models import EffectivenessCheck
from backoffice.extensions import db
from backoffice.i18n import org_today
from backoffice.imports.models import ImportUpload
from backoffice.meetings.models import QuarterlyReview
from backoffice.meetings.schedule import ensure_reviews
from backoffice.org.models import Function, Handoff
from backoffice.tickets.models import PickListItem, Status, Ticket
from backoffice.tickets.saved_views import publish_view, save_view
from backoffice.webhooks.models import WebhookDelivery, WebhookEvent, WebhookSubscription
from tests.assessment_steps import criterion, rate
from tests.factories import make_ticket
from tests.helpers import login
from tests.office import Office
from tests.survey_steps import survey_world

ROLES = ("clerk", "owner", "coordinator", "admin", None)  # None: not signed in
PATH_ARG = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


@dataclass
class World:
    emails: dict[str, str]
    path_values: dict[str, str]  # URL argument name → a real value
    get_urls: list[str] = field(default_factory=list)


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def build_world(office: Office) -> World:
    """Tickets in several states, a service with its agreement and calendar, a review."""
    clerk, owner = _user(office.clerk), _user(office.owner)
    coordinator = _user(office.coordinator)
    handoff = db.session.get(Handoff, office.handoff_id)
    category = db.session.get(PickListItem, office.category_id)
    root_cause = db.session.get(PickListItem, office.root_cause_id)
    function = db.session.get(Function, office.time_registration_id)
    catalogue.save_calendar(
        function,
        catalogue.CalendarData("Europe/Berlin", [0, 1, 2, 3, 4], time(8), time(17)),
        coordinator,
    )
    service = catalogue.save_service(
        None,
        catalogue.ServiceData(
            office.time_registration_id, "Hour questions", "", [office.handoff_id]
        ),
        coordinator,
    )
    agreement = catalogue.save_agreement(
        service,
        None,
        catalogue.AgreementData(None, None, 4, TargetUnit.HOURS, 3, TargetUnit.DAYS),
        coordinator,
    )
    numbers = [
        make_ticket(
            reporter=clerk,
            handoff=handoff,
            category=category,
            status=status,
            owner=owner,
            coordinator=coordinator,
            root_cause=root_cause,
        ).number
        for status in (Status.NEW, Status.ASSIGNED, Status.IN_PROGRESS, Status.RESOLVED)
    ]
    _check_falls_due(numbers[-1])
    ensure_reviews()
    assessment, need, draft = _assessments(office, function, owner)
    view = publish_view(save_view(coordinator, "Open tickets", "open=1"), coordinator, True)
    quarter = db.session.scalars(select(QuarterlyReview.quarter)).first()
    create_token(clerk, "Invoice run checks", "read-write", 30)  # its revoke forms
    hook = WebhookSubscription(url="https://hooks.example.org/in", events="ticket.reported",
                               secret="s" * 64)  # fmt: skip
    db.session.add(hook)
    db.session.flush()
    db.session.add(WebhookDelivery(subscription_id=hook.id, event_id="e" * 36, payload="{}",
                                   event=WebhookEvent.TICKET_REPORTED, ordering_key="ticket:1"))  # fmt: skip
    upload = ImportUpload(user_id=clerk.id, filename="errors.csv",
                          data=b"Line;Error;Period\n7;Hours without project code;2026-11\n")  # fmt: skip
    db.session.add(upload)
    db.session.commit()
    emails = {
        "clerk": office.clerk,
        "owner": office.owner,
        "coordinator": office.coordinator,
        "admin": office.admin,
    }
    values = {
        "user_id": str(office.owner_id),
        "function_id": str(office.time_registration_id),
        "handoff_id": str(office.handoff_id),
        "item_id": str(office.category_id),
        "kind": "category",
        "number": numbers[0],
        "action": "assign",
        "quarter": quarter,
        "service_id": str(service.id),
        "agreement_id": str(agreement.id),
        "attachment_id": "1",
        "message_id": "1",
        "action_id": "1",
        "view_id": str(view.id),
        "assessment_id": str(assessment.id),
        "need_id": str(need.id),
        "method_id": str(need.method_id),
        "part": "criterion",
        "part_key": "agreements_kept",
        "field_key": "customers",
        "file_id": str(assessment.ratings[0].files[0].id),
        "version": "1",
        "subscription_id": str(hook.id),
        "upload_id": str(upload.id),
    }
    survey_values, survey_pages = survey_world(coordinator, service.id)
    values.update(survey_values)
    world = World(emails, values)
    world.get_urls = [u for n in numbers for u in (f"/tickets/{n}", f"/tickets/{n}/edit")]
    world.get_urls += survey_pages
    world.get_urls += [f"/assessments/{draft.id}", "/assessments/catalogue/field/customers"]
    return world


def _check_falls_due(number: str) -> None:
    """The resolved ticket's effectiveness check is due: its page shows the verdict form."""
    check = db.session.scalar(
        select(EffectivenessCheck)
        .join(Ticket, EffectivenessCheck.ticket_id == Ticket.id)
        .where(Ticket.number == number)
    )
    check.due_date = org_today()
    mark_due(check.due_date)  # the owner's mail comes later, in the reader's language
    db.session.commit()


def _assessments(office: Office, function: Function, lead: User) -> tuple:
    """Time registration, led by the owner: a completed assessment with a development need
    (from a weak criterion), and the next one as a draft. The owner leads Invoicing too,
    which has none yet (so its "start" form is on the page)."""
    function.lead_id = lead.id
    db.session.get(Function, office.invoicing_id).lead_id = lead.id  # no assessment yet
    db.session.commit()
    levels = {"who_uses_our_work": 0, "what_they_need": 1}  # weak; the others "largely"
    completed = rate(function, lead, levels, complete=True)
    need = add_need(completed, NeedInput(criterion("who_uses_our_work").id, "Interview Invoicing",
                                         lead.id, date(2027, 3, 31), toolbox()[0].id), lead)  # fmt: skip
    evidence = EvidenceFile(uploader_id=lead.id, filename="services.pdf", data=b"%PDF-1.4",
                            content_type="application/pdf", size_bytes=8)  # fmt: skip
    completed.ratings[0].files.append(evidence)
    db.session.commit()
    return completed, need, rate(function, lead, {}, complete=False)


class Clients:
    """One signed-in test client per role, made on first use; roles take turns."""

    def __init__(self, app: Flask, world: World, language: str | None = None) -> None:
        self.app, self.world, self.language = app, world, language
        self._clients: dict[str | None, FlaskClient] = {}
        self._turn = cycle(ROLES)

    def of(self, role: str | None) -> FlaskClient:
        if role not in self._clients:
            client = self.app.test_client()
            if self.language:  # what an anonymous reader's browser asks for
                client.environ_base["HTTP_ACCEPT_LANGUAGE"] = self.language
            if role is not None:
                login(client, self.world.emails[role])
            self._clients[role] = client
        return self._clients[role]

    def next(self) -> tuple[str | None, FlaskClient]:
        role = next(self._turn)
        return role, self.of(role)

    def forget(self, role: str | None) -> None:
        self._clients.pop(role, None)


def get_routes(app: Flask) -> list:
    return [
        r
        for r in app.url_map.iter_rules()
        if "GET" in r.methods and r.endpoint != "static" and not r.rule.startswith("/static")
    ]


def build_path(rule: str, values: dict[str, str], odd: tuple[str, str] | None = None) -> str:
    """The rule with real values, or with the argument `odd[0]` set to `odd[1]`."""

    def one(match: re.Match) -> str:
        name = match.group(2)
        value = odd[1] if odd and odd[0] == name else values[name]
        return quote(value, safe="")

    return PATH_ARG.sub(one, rule)


# --- forms ------------------------------------------------------------------------------


@dataclass
class Form:
    page: str
    action: str
    fields: dict[str, str]


class FormReader(HTMLParser):
    """The POST forms of a page: where they go and what a browser would send unchanged."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page, self.forms, self._form = page, [], None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._form = Form(self.page, a.get("action") or self.page, {})
            self.forms.append(self._form)
        if self._form is None or not a.get("name"):
            return
        fields, name = self._form.fields, a["name"]
        if tag == "input" and a.get("type", "text") not in {"submit", "button", "file"}:
            if a.get("type") in {"checkbox", "radio"} and "checked" not in a:
                fields.setdefault(name, "") if a.get("type") == "radio" else None
            else:
                fields[name] = a.get("value", "")
        elif tag == "select":
            self._select = name
            fields.setdefault(name, "")
        elif tag == "option" and self._select:
            if "selected" in a or not fields[self._select]:
                fields[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            fields[name] = ""

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea:
            self._form.fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_pages(app: Flask, world: World) -> list[str]:
    pages = []
    for rule in get_routes(app):
        if not rule.rule.endswith((".pdf", ".ics", ".css", ".csv")):
            pages.append(build_path(rule.rule, world.path_values))
    return pages + world.get_urls


def forms_by_role(clients: Clients, pages: list[str]) -> dict[tuple[str, frozenset], dict]:
    """(endpoint, field names) → {role: form}: each distinct form (the first place it is
    shown: the same form on another ticket is the same code), as each role who sees it."""
    found: dict[tuple[str, frozenset], dict] = {}
    adapter = clients.app.url_map.bind("localhost")
    for role in ROLES:
        for page in pages:
            response = clients.of(role).get(page)
            if response.status_code != 200 or "html" not in response.mimetype:
                continue
            reader = FormReader(page)
            reader.feed(response.get_data(as_text=True))
            for form in reader.forms:
                endpoint = adapter.match(form.action.split("?")[0], "POST")[0]
                found.setdefault((endpoint, frozenset(form.fields)), {}).setdefault(role, form)
    return found
