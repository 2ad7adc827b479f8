"""No English in German and Dutch pages, printouts and mails.

Every GET route of the URL map is rendered with the real ids of the office in
`tests/every_page.py` (tickets in four states, a service with its agreement and
calendar), to which this test adds a held review with minutes and an action item and a
planned one with invitations and reminders sent. Each page is read as each role, the
review PDFs and the spreadsheet once, and the mails of the reviews and the deadline
warnings are queued, all in German and in Dutch.

A page fails when it shows a message of the catalogue in English: any msgid whose
translation differs from it and that is long enough to be unmistakable (see
`is_distinctive`), found in the visible text or in the `title`, `placeholder`,
`aria-label` and `alt` attributes. The office's own data (names of functions,
handoffs and people, ticket texts) is not UI text and is blanked out first.

A second test finds English the catalogue never sees: words in a template outside
`{{ }}`, `{% %}` and `{% trans %}`, which no reader's language would change.
"""

from __future__ import annotations

import ast
import io
import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
import wtforms.i18n
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient
from jinja2 import Environment
from openpyxl import load_workbook
from sqlalchemy import select

from backoffice.agreements.catalogue import AgreementData, save_agreement
from backoffice.agreements.models import Agreement, Service, TargetUnit
from backoffice.agreements.sla_mails import notify_sla_event
from backoffice.auth.models import User
from backoffice.effectiveness.jobs import notify_due
from backoffice.extensions import db
from backoffice.mail.models import OutboxMessage
from backoffice.meetings.commands import MinuteData, mark_held, record_minute
from backoffice.meetings.models import QuarterlyReview
from backoffice.meetings.notices import send_review_notices
from backoffice.meetings.schedule import ensure_reviews
from backoffice.org.models import Function, Handoff
from backoffice.tickets.models import PickListItem, SlaState, Ticket
from tests.every_page import ROLES, Clients, FormReader, World, build_path, get_routes
from tests.helpers import login
from tests.meetings_steps import pdf_text
from tests.survey_steps import mail_a_survey_round

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "backoffice" / "translations"
LOCALES = ("de", "nl")
DOCUMENTS = (".pdf", ".xlsx")  # read once per language, as the coordinator
# Calendar data, a stylesheet, machine-friendly codes; the API's OpenAPI document is its
# contract for developers, in English like its field names (the docs page around it is not).
NOT_TEXT = (".ics", ".css", ".csv", "/openapi.json")
REFUSED = ("/tickets/HD-1999-99999", "/admin/outbox/?page=x")  # a missing ticket: the 404 page
SESSION_ENDING = ("auth.logout",)
MAILS = ("review:2027-Q1:invite", "review:2027-Q1:reminder", "review:2026-Q4:minutes", "sla:",
         "effectiveness:", "survey:")  # fmt: skip

# A msgid short enough to be a word both languages share ("Status", "Name", "Export")
# would find false alarms everywhere; two words and twelve letters are unmistakable.
MIN_WORDS, MIN_CHARS = 2, 12
# Catalogue messages that may legitimately stand in English in a German or Dutch page.
SAME_IN_ALL = {
    # (none yet: add "msgid": "why" when a long message reads the same in a language)
}

PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
TAG = re.compile(r"<[^>]+>")


# --- the catalogue ------------------------------------------------------------------------


def literal_parts(msgid: str) -> list[str]:
    """The fixed text of a message: markup and placeholders taken out, spaces made single."""
    text = TAG.sub(" ", msgid).replace("%%", "%")
    return [" ".join(part.split()) for part in PLACEHOLDER.split(text) if part.strip()]


def is_distinctive(msgid: str) -> bool:
    """Long enough that finding it in a page means the English message is shown."""
    longest = max(literal_parts(msgid), key=len, default="")
    return len(longest) >= MIN_CHARS and len(longest.split()) >= MIN_WORDS


def catalogues(locale: str) -> list[Path]:
    """The app's catalogue and WTForms' own (its field messages, translated by Flask-WTF)."""
    return [
        TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po",
        Path(wtforms.i18n.messages_path()) / locale / "LC_MESSAGES" / "wtforms.po",
    ]


@cache
def english_messages(locale: str) -> dict[str, re.Pattern]:
    """msgid → how it reads on a page, for each distinctive message translated differently."""
    found = {}
    for path in catalogues(locale):
        with path.open("rb") as f:
            catalog = read_po(f, locale=locale)
        for message in catalog:
            if not message.id or message.fuzzy:
                continue
            ids = message.id if message.pluralizable else (message.id,)
            strings = message.string if message.pluralizable else (message.string,)
            for msgid, string in zip(ids, strings, strict=False):
                if (
                    string
                    and msgid != string
                    and is_distinctive(msgid)
                    and msgid not in SAME_IN_ALL
                ):
                    parts = literal_parts(msgid)
                    found[msgid] = re.compile(r".{0,80}?".join(re.escape(p) for p in parts))
    return found


def english_shown(text: str, locale: str) -> list[str]:
    """The msgids of the catalogue that `text` shows untranslated."""
    hits = []
    for msgid, pattern in english_messages(locale).items():
        longest = max(literal_parts(msgid), key=len)
        if longest in text and pattern.search(text):
            hits.append(msgid)
    return hits


# --- what a reader sees -------------------------------------------------------------------


class VisibleText(HTMLParser):
    """Text nodes (no scripts or styles) and the attributes a reader sees or hears."""

    ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "title"):
            self._hidden += tag != "title"
        a = dict(attrs)
        self.parts += [a[name] or "" for name in self.ATTRIBUTES if a.get(name)]
        if tag == "input" and a.get("type") in ("submit", "button") and a.get("value"):
            self.parts.append(a["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    reader = VisibleText()
    reader.feed(html)
    return " ".join(" ".join(reader.parts).split())


def spreadsheet_text(data: bytes) -> str:
    book = load_workbook(io.BytesIO(data), read_only=True)
    cells = (c for sheet in book for row in sheet.iter_rows(values_only=True) for c in row)
    return " ".join(str(c) for c in cells if isinstance(c, str))


def readable(response, path: str) -> str:  # noqa: ANN001
    if path.endswith(".pdf"):
        return " ".join(pdf_text(response.data).split())
    if path.endswith(".xlsx"):
        return spreadsheet_text(response.data)
    return visible_text(response.get_data(as_text=True))


# --- the office, with reviews and mails ---------------------------------------------------


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def add_reviews(world: World) -> list[str]:
    """Hold the world's review with minutes and an action item; plan the next quarter's and
    send its invitations and reminders. Returns the URLs of the planned review."""
    coordinator = _user(world.emails["coordinator"])
    held = db.session.scalar(
        select(QuarterlyReview).where(QuarterlyReview.quarter == world.path_values["quarter"])
    )
    ticket = db.session.scalar(select(Ticket).where(Ticket.number == world.path_values["number"]))
    record_minute(
        held,
        coordinator,
        MinuteData(
            section="repeats",
            ticket_number=ticket.number,
            note="Export 18:00",
            decision="Export 18:00",
            action_title="Export 18:00",
            action_owner_id=_user(world.emails["owner"]).id,
            action_due_date=held.starts_at.date() + timedelta(days=30),
        ),
    )
    mark_held(held, coordinator, held.starts_at + timedelta(hours=2))
    ensure_reviews(held.starts_at + timedelta(days=40))
    planned = db.session.scalar(
        select(QuarterlyReview)
        .where(QuarterlyReview.id != held.id)
        .order_by(QuarterlyReview.starts_at.desc())
    )
    send_review_notices(planned.starts_at - timedelta(days=10))
    send_review_notices(planned.starts_at - timedelta(days=1))
    notify_sla_event(ticket, SlaState.AT_RISK)
    notify_sla_event(ticket, SlaState.BREACHED)
    notify_due()  # the world's due effectiveness check
    mail_a_survey_round(coordinator, int(world.path_values["service_id"]))
    db.session.commit()
    return [f"/reviews/{planned.quarter}{end}" for end in ("", "/edit", "/print", "/agenda.pdf")]


def data_strings() -> list[str]:
    """What the office typed in: names and texts that are data, not the app's words."""
    rows = [
        *db.session.scalars(select(Function.name)),
        *db.session.scalars(select(Handoff.name)),
        *db.session.scalars(select(User.name)),
        *db.session.scalars(select(Service.name)),
    ]
    for item in db.session.scalars(select(PickListItem)):
        rows += [item.label_en, item.label_de, item.label_nl]
    for ticket in db.session.scalars(select(Ticket)):
        rows += [ticket.title, ticket.description, ticket.cause_analysis]
        rows += [ticket.corrective_action, ticket.preventive_action]
    return sorted({" ".join(r.split()) for r in rows if r and r.strip()}, key=len, reverse=True)


def without_data(text: str, data: list[str]) -> str:
    for value in data:
        text = text.replace(value, " · ")
    return text


@pytest.fixture
def speak(app: Flask) -> Iterator[Callable[[str], None]]:
    """`speak(locale)`: every user reads `locale`, and so do the organisation's documents."""
    old = app.config["ORG_LOCALE"]

    def speak(locale: str) -> None:
        app.config["ORG_LOCALE"] = locale
        with app.app_context():
            for user in db.session.scalars(select(User)):
                user.locale = locale
            db.session.commit()

    yield speak
    app.config["ORG_LOCALE"] = old


def report(found: dict[str, set[str]]) -> str:
    lines = [f"{msgid!r}  on {', '.join(sorted(where)[:4])}" for msgid, where in found.items()]
    return f"{len(found)} messages shown in English:\n" + "\n".join(sorted(lines))


def read_pages(clients: Clients, pages: list[str]) -> tuple[dict[str, str], dict]:
    """The text of every page as every role (documents once), and the forms they show."""
    texts, forms = {}, {}
    adapter = clients.app.url_map.bind("localhost")
    for path in pages:
        if path.endswith(NOT_TEXT):
            continue
        for role in ("coordinator",) if path.endswith(DOCUMENTS) else ROLES:
            response = clients.of(role).get(path)
            if response.status_code != 200 and "html" not in response.mimetype:
                continue
            texts[f"GET {path} as {role or 'anonymous'}"] = readable(response, path)
            if "html" in response.mimetype:
                reader = FormReader(path)
                reader.feed(response.get_data(as_text=True))
                for form in reader.forms:
                    endpoint = adapter.match(form.action.split("?")[0], "POST")[0]
                    forms.setdefault((endpoint, frozenset(form.fields)), (role, form))
    return texts, forms


def read_answers(clients: Clients, forms: dict) -> dict[str, str]:
    """Each form sent as shown and sent empty: the messages, refusals and field errors."""
    texts = {}
    for (endpoint, _names), (role, form) in sorted(forms.items(), key=str):
        if endpoint in SESSION_ENDING:
            continue
        keep = {"csrf_token", "version", "next"}
        empty = {k: (v if k in keep else "") for k, v in form.fields.items()}
        for how, data in (("as shown", form.fields), ("empty", empty)):
            response = clients.of(role).post(form.action, data=data, follow_redirects=True)
            if "html" in response.mimetype:
                where = f"POST {form.action} {how} as {role or 'anonymous'}"
                texts[where] = visible_text(response.get_data(as_text=True))
    return texts


def read_mails() -> dict[str, str]:
    texts = {}
    for mail in db.session.scalars(select(OutboxMessage)):
        texts[f"mail {mail.dedup_key}"] = " ".join(f"{mail.subject} {mail.body_text}".split())
        for attachment in mail.attachments:
            if attachment.content_type == "application/pdf":
                text = " ".join(pdf_text(attachment.data).split())
                texts[f"{attachment.filename} of mail {mail.dedup_key}"] = text
    return texts


@pytest.mark.parametrize("locale", LOCALES)
def test_no_page_document_or_mail_shows_a_message_in_english(
    app: Flask, world: World, speak: Callable[[str], None], locale: str
) -> None:
    speak(locale)
    with app.app_context():
        world.get_urls += add_reviews(world)
        data = data_strings()
    clients = Clients(app, world, language=locale)
    pages = [build_path(r.rule, world.path_values) for r in get_routes(app)] + world.get_urls
    texts, forms = read_pages(clients, [*pages, *REFUSED])
    texts.update(read_answers(clients, forms))
    with app.app_context():
        texts.update(read_mails())

    found: dict[str, set[str]] = {}
    for where, text in texts.items():
        for msgid in english_shown(without_data(text, data), locale):
            found.setdefault(msgid, set()).add(where)
    assert not found, report(found)
    read = " ".join(texts)
    assert all(f"{kind} " in read for kind in ("GET", "POST", "mail")), sorted(texts)
    assert all(f"mail {key}" in read for key in MAILS), sorted(k for k in texts if "mail" in k)


@pytest.mark.parametrize(
    ("locale", "note"),
    [("de", "Die Servicevereinbarung wurde geändert."), ("nl", "De serviceafspraak is gewijzigd.")],
)
def test_a_note_the_app_wrote_on_the_timeline_is_in_the_readers_language(
    app: Flask,
    world: World,
    client: FlaskClient,
    speak: Callable[[str], None],
    locale: str,
    note: str,
) -> None:
    """Changing an agreement moves open tickets' deadlines with a note stored once for
    everyone; each reader sees it in their own language."""
    with app.app_context():
        agreement = db.session.get(Agreement, int(world.path_values["agreement_id"]))
        data = AgreementData(None, None, 2, TargetUnit.HOURS, 1, TargetUnit.DAYS)
        save_agreement(agreement.service, agreement, data, _user(world.emails["coordinator"]))
    speak(locale)
    login(client, world.emails["clerk"])

    page = visible_text(client.get(f"/tickets/{world.path_values['number']}").get_data(True))

    assert note in page and "The service agreement changed." not in page


def test_the_check_finds_a_message_shown_in_english() -> None:
    """The search sees through markup and placeholders, and ignores short shared words."""
    assert is_distinctive("Ticket %(number)s is at risk of missing its due time")
    assert not is_distinctive("Status") and not is_distinctive("E-mail")
    text = visible_text(
        '<p>Ticket <b>T-1</b> is at risk of missing its due time</p><input placeholder="x">'
    )
    assert "Ticket %(number)s is at risk of missing its due time" in english_shown(text, "de")
    assert "This field is required." in english_shown("Name This field is required.", "nl")


# --- templates: words outside the translation tags ----------------------------------------

TEMPLATES = ROOT / "templates"
JINJA = Environment(extensions=["jinja2.ext.i18n"])
# Words a template may show as they are, in every language.
LANGUAGE_INDEPENDENT = {
    "English", "Deutsch", "Nederlands",  # a language's own name, as a reader looks for it
    "KB",  # the unit of a file size
}  # fmt: skip
CSS_CLASS = re.compile(r"^[a-z]+(?:-[a-z]+)+$")  # a body class given by a {% block %}
WORD = re.compile(r"[^\W\d_][\w'’-]*")


def untranslated_template_text(source: str) -> str:
    """The template's own text outside expressions, statements and {% trans %} blocks."""
    kept, in_trans, after_block_start = [], 0, False
    for _line, kind, value in JINJA.lex(source):
        if kind == "name" and after_block_start:
            in_trans += {"trans": 1, "pluralize": 0, "endtrans": -1}.get(value, 0)
        if kind not in ("whitespace",):
            after_block_start = kind == "block_begin"
        if kind == "data" and not in_trans:
            kept.append(value)
        elif kind in ("variable_begin", "block_begin"):
            kept.append(" ")
    return "".join(kept)


def words_shown(text: str, html: bool) -> list[str]:
    if html:
        text = re.sub(r"<(script|style)\b.*?</\1>|<!--.*?-->", " ", text, flags=re.DOTALL)
        shown = re.findall(r'\b(?:title|placeholder|aria-label|alt)="([^"]*)"', text)
        text = re.sub(r"""[\w:-]+=("[^"]*"|'[^']*')""", " ", text)  # attributes
        text = re.sub(r"<[^>]*>|</?[\w-]+|>|&\w+;|&#\w+;", " ", text)
        text = " ".join([text, *shown])
    return [
        w for w in WORD.findall(text) if w not in LANGUAGE_INDEPENDENT and not CSS_CLASS.match(w)
    ]


def test_templates_show_no_words_outside_translation_tags() -> None:
    found = {}
    for path in sorted(TEMPLATES.rglob("*")):
        if path.suffix not in (".html", ".txt"):
            continue
        text = untranslated_template_text(path.read_text(encoding="utf-8"))
        if words := words_shown(text, html=path.suffix == ".html"):
            found[str(path.relative_to(ROOT))] = words
    assert not found, found


# --- Python: texts for the reader given without _() ---------------------------------------

SOURCE = ROOT / "backoffice"
# Calls whose text a reader sees: messages, refusals, and form fields' labels and help.
SHOWN_BY = {"flash", "Invalid", "abort"}
SHOWN_KEYWORDS = {"label", "message", "placeholder"}  # and a field's "description"


def bare_texts(node: ast.AST) -> list[ast.Constant]:
    """String literals with letters in `node` that are not inside a _() / _l() call."""
    if isinstance(node, ast.Call):
        return []  # _("…"), str.format(…), a helper: its own business
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node] if re.search(r"[^\W\d_]{2}", node.value) else []
    if isinstance(node, ast.Dict):
        return [c for value in node.values if value is not None for c in bare_texts(value)]
    if isinstance(node, ast.JoinedStr | ast.BinOp):
        return [c for child in ast.iter_child_nodes(node) for c in bare_texts(child)]
    return []


def untranslated_texts(tree: ast.AST, where: str) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        is_field = name.endswith(("Field", "Required"))
        keywords = SHOWN_KEYWORDS | ({"description"} if is_field else set())
        shown = [kw.value for kw in node.keywords if kw.arg in keywords]
        if name in SHOWN_BY or is_field:
            shown += node.args[:1] if name != "abort" else node.args[1:]
        for constant in (c for value in shown for c in bare_texts(value)):
            found.append(f"{where}:{constant.lineno} {name}(… {constant.value!r} …)")
    return found


def test_python_gives_the_reader_no_text_without_translation() -> None:
    """flash(), Invalid(), abort() and form fields' labels, help and messages go through _()."""
    found = [
        text
        for path in sorted(SOURCE.rglob("*.py"))
        for text in untranslated_texts(
            ast.parse(path.read_text(encoding="utf-8")), str(path.relative_to(ROOT))
        )
    ]
    assert not found, "\n".join(found)
    planted = """
flash("Saved.")
raise Invalid({"name": "Too long."})
title = StringField(_l("Title"), description="One line", validators=[DataRequired("Give one")])
flash(_("Saved.")); Service(description="Data, not a label")
"""
    assert len(untranslated_texts(ast.parse(planted), "planted")) == 4
