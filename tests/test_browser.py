"""The app in Chromium: the whole life of a defect by clicking, keyboard and labels,
a quiet console, German and Dutch users, and a phone-sized screen.

Screenshots land in test-artifacts/screenshots/ (and the printed ticket in test-artifacts/).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from backoffice.auth.models import Role, User
from backoffice.extensions import db
from backoffice.org.models import Handoff
from backoffice.tickets.models import Severity
from backoffice.tickets.workflow import assign_root_cause_owner
from tests.browser_steps import (
    BrowserProblems,
    Catalogue,
    Defect,
    horizontal_overflow,
    marked_invalid,
    open_action,
    panel,
    report_defect,
    save_pdf,
    section,
    sign_out,
    status_badge,
    unlabelled_controls,
)
from tests.factories import make_ticket, make_user
from tests.helpers import DEMO_PASSWORD, ROOT, browser_login, screenshot
from tests.office import Office

ENGLISH = Catalogue("en")


def assigned_ticket(app: Flask, office: Office, **fields: Any) -> str:
    """A ticket the clerk reported and the coordinator gave to the default owner."""
    with app.app_context():
        clerk = db.session.scalar(select(User).filter_by(email=office.clerk))
        coordinator = db.session.scalar(select(User).filter_by(email=office.coordinator))
        ticket = make_ticket(
            reporter=clerk, handoff=db.session.get(Handoff, office.handoff_id), **fields
        )
        assign_root_cause_owner(ticket, coordinator, db.session.get(User, office.owner_id))
        return ticket.number


# --- 1. the whole flow -------------------------------------------------------------------


def test_a_defect_goes_from_report_to_closed_by_clicking(page: Page, office: Office):
    t = ENGLISH
    page.goto("/login")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    screenshot(page, "01-login")
    page.get_by_label("E-mail").fill(office.clerk)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    screenshot(page, "02-my-work-clerk")

    number = report_defect(
        page, t, Defect(), before_submit=lambda: screenshot(page, "03-report-form")
    )
    expect(status_badge(page)).to_have_text("New")
    screenshot(page, "04-ticket-reported")
    sign_out(page, t)

    # The coordinator gives it to the handoff's default owner, who is preselected.
    browser_login(page, office.coordinator)
    expect(section(page, "To triage").get_by_role("link", name=number)).to_be_visible()
    screenshot(page, "05-my-work-coordinator")
    section(page, "To triage").get_by_role("link", name=number).click()
    assign = open_action(page, "Assign root-cause owner")
    owner_field = assign.get_by_label("Root-cause owner")
    expect(owner_field).to_be_focused()
    expect(owner_field).to_have_value(str(office.owner_id))
    assign.get_by_role("button", name="Assign root-cause owner").click()
    expect(status_badge(page)).to_have_text("Assigned")
    sign_out(page, t)

    # The owner starts and resolves it.
    browser_login(page, office.owner)
    screenshot(page, "06-my-work-owner")
    section(page, "Assigned to me").get_by_role("link", name=number).click()
    page.get_by_role("button", name="Start work").click()
    expect(status_badge(page)).to_have_text("In progress")
    resolve = open_action(page, "Resolve")
    resolve.get_by_label("Root-cause category").select_option(label="Manual entry error")
    resolve.get_by_label("Cause analysis").fill("Hours were typed in by hand after the cut-off.")
    resolve.get_by_label("Corrective action").fill("Re-exported the hours of week 14.")
    resolve.get_by_label("Preventive action").fill("Export runs only after timesheet lock.")
    resolve.get_by_role("button", name="Resolve").click()
    expect(status_badge(page)).to_have_text("Resolved")
    resolution = panel(page, "Resolution")
    expect(resolution).to_contain_text("Manual entry error")
    expect(resolution).to_contain_text("Re-exported the hours of week 14.")
    sign_out(page, t)

    # The reporter confirms and rates it.
    browser_login(page, office.clerk)
    waiting = section(page, "Resolved, awaiting my confirmation")
    expect(waiting.get_by_role("link", name=number)).to_be_visible()
    screenshot(page, "07-my-work-clerk-to-confirm")
    waiting.get_by_role("link", name=number).click()
    close = open_action(page, "Confirm and close")
    close.get_by_role("radiogroup", name="Is the defect gone?").get_by_label("Yes").check()
    scale = close.get_by_role("radiogroup", name="How well was it resolved?")
    scale.get_by_label("5: resolved for good").check()
    close.get_by_role("button", name="Confirm and close").click()

    expect(status_badge(page)).to_have_text("Closed")
    expect(panel(page, "Resolution")).to_contain_text("5: resolved for good")
    expect(page.get_by_role("region", name="Timeline").get_by_role("listitem")).to_contain_text(
        [
            re.compile(r"Clara Clerk .* reported the defect", re.S),
            re.compile(r"Cora Coordinator .* changed the status from New to Assigned", re.S),
            re.compile(r"Otto Owner .* changed the status from Assigned to In progress", re.S),
            re.compile(r"Otto Owner .* changed the status from In progress to Resolved", re.S),
            re.compile(r"Clara Clerk .* changed the status from Resolved to Closed", re.S),
        ]
    )
    expect(page.locator("details.action > summary")).to_have_text(["Reopen"])
    screenshot(page, "08-ticket-closed")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Tickets").click()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=number))
    expect(row).to_contain_text("Closed")
    screenshot(page, "09-ticket-list")

    # On paper: the ticket without navigation and forms.
    row.get_by_role("link", name=number).click()
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("region", name="Timeline")).to_be_visible()
    screenshot(page, "10-ticket-print")
    if not save_pdf(page, ROOT / "test-artifacts" / "ticket-print.pdf"):
        pytest.skip("this Chromium cannot print to PDF (the rest of the flow passed)")


# --- 2. keyboard and labels ----------------------------------------------------------------


def test_every_form_control_has_a_label(page: Page, app: Flask, office: Office):
    number = assigned_ticket(app, office)
    browser_login(page, office.owner)
    page.goto("/tickets/new")
    assert unlabelled_controls(page) == [], "report form"
    page.goto("/tickets/")
    assert unlabelled_controls(page) == [], "ticket list filters"
    page.goto(f"/tickets/{number}")
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    assert unlabelled_controls(page) == [], "ticket page with every action open"


def test_skip_link_is_the_first_tab_stop_and_leads_to_the_content(page: Page, office: Office):
    browser_login(page, office.clerk)
    for path in ("/", "/tickets/"):
        page.goto(path)
        page.keyboard.press("Tab")
        skip = page.get_by_role("link", name="Skip to content")
        expect(skip).to_be_focused()
        expect(skip).to_have_attribute("href", "#main")
        expect(skip).to_be_in_viewport()  # hidden off-screen until focused
        page.keyboard.press("Enter")
        expect(page.get_by_role("main")).to_be_focused()


def test_an_incomplete_report_keeps_the_input_and_marks_the_field(page: Page, office: Office):
    browser_login(page, office.clerk)
    page.goto("/tickets/new")
    page.get_by_label("What happened?").fill("The export of week 14 was empty.")
    page.get_by_role("button", name="Report", exact=True).click()

    expect(page.get_by_role("alert")).to_have_text("Please correct the marked fields.")
    title = page.get_by_label("What went wrong?")
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(title).to_have_accessible_description(re.compile("Say in one line what went wrong."))
    error = page.get_by_text("Say in one line what went wrong.")
    expect(error).to_be_visible()
    title_box, error_box = title.bounding_box(), error.bounding_box()
    assert title_box and error_box
    assert 0 <= error_box["y"] - (title_box["y"] + title_box["height"]) < 60, "error is next to it"
    expect(page.get_by_label("What happened?")).to_have_value("The export of week 14 was empty.")
    screenshot(page, "11-report-form-errors")


def test_pages_neither_steal_the_focus_nor_call_valid_fields_invalid(
    page: Page, app: Flask, office: Office
):
    number = assigned_ticket(app, office)
    browser_login(page, office.owner)
    page.goto("/tickets/new")
    assert marked_invalid(page) == []
    page.goto(f"/tickets/{number}")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"


# --- 3. a quiet console ----------------------------------------------------------------


def test_main_pages_log_no_errors_and_break_no_content_policy(
    page: Page, app: Flask, office: Office
):
    problems = BrowserProblems.watch(page)
    number = assigned_ticket(app, office)
    browser_login(page, office.coordinator)  # the sign-in page is checked on the way
    for path in ("/", "/tickets/new", "/tickets/", "/preferences", "/admin/", f"/tickets/{number}"):
        page.goto(path)
    open_action(page, "Assign root-cause owner")  # runs the page's script
    assert problems.errors == []


def test_the_browser_finds_a_favicon(page: Page):
    page.goto("/login")
    icons = page.locator("link[rel~=icon]")
    href = (icons.first.get_attribute("href") if icons.count() else None) or "/favicon.ico"
    assert page.request.get(href).ok, href


# --- 4. languages ------------------------------------------------------------------------


def test_a_german_clerk_reports_a_defect_in_german(page: Page, app: Flask, office: Office):
    t = Catalogue("de")
    with app.app_context():
        make_user("klara@example.com", Role.CLERK, "Klara Klein", locale="de")
    browser_login(page, "klara@example.com")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("My work"))
    screenshot(page, "12-de-my-work")

    defect = Defect(
        title="Stunden der KW 14 fehlen im Rechnungslauf",
        description="Die freigegebenen Stunden von Projekt P-100 fehlten im Export.",
        category="Fehlende Stunden",
        impact="1234.50",
    )
    report_defect(page, t, defect)
    expect(status_badge(page)).to_have_text(t("New"))
    expect(page.get_by_role("article")).to_contain_text(re.compile(r"1\.234,50\s€"))
    screenshot(page, "13-de-ticket")


def test_a_dutch_user_sees_the_ticket_list_in_dutch(page: Page, app: Flask, office: Office):
    t = Catalogue("nl")
    with app.app_context():
        make_user("noor@example.com", Role.OWNER, "Noor de Vries", locale="nl")
        number = make_ticket(
            handoff=db.session.get(Handoff, office.handoff_id),
            severity=Severity.HIGH,
            impact_amount=Decimal("1234.50"),
            impact_currency="EUR",
        ).number
    browser_login(page, "noor@example.com")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.get_by_role("navigation", name=t("Main")).get_by_role("link", name=t("Tickets")).click()
    table = page.get_by_role("table")
    for column in ("Number", "Status", "Severity", "Impact", "Reported"):
        expect(table.get_by_role("columnheader", name=t(column))).to_be_visible()
    row = table.get_by_role("row").filter(has=page.get_by_role("link", name=number))
    expect(row).to_contain_text(t("New"))
    expect(row).to_contain_text(t("High"))
    expect(row).to_contain_text(re.compile(r"€\s1\.234,50"))  # en: €1,234.50, de: 1.234,50 €
    expect(row).to_contain_text(re.compile(r"\b\d{2}-\d{2}-\d{4}\b"))  # en: 11/25/26
    expect(page.get_by_role("button", name=t("Filter"))).to_be_visible()
    screenshot(page, "14-nl-ticket-list")


# --- 5. a phone ---------------------------------------------------------------------------


PHONE = {"width": 390, "height": 844}


def test_ticket_page_fits_a_phone_screen(page: Page, app: Flask, office: Office):
    number = assigned_ticket(
        app,
        office,
        title="Hours of week 14 booked on project P-100-WEEKLY-EXPORT-INVOICE-RUN",
        external_reference="INV-2026-0412/ACME-GMBH-0000001",
        impact_amount=Decimal("1234567.89"),
    )
    page.set_viewport_size(PHONE)
    browser_login(page, office.owner)
    page.goto(f"/tickets/{number}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert not (overflow := horizontal_overflow(page)), "\n".join(overflow)
    open_action(page, "Resolve")
    assert not (overflow := horizontal_overflow(page)), "\n".join(overflow)
    screenshot(page, "15-phone-ticket")


def test_long_identifiers_wrap_on_a_phone_screen(page: Page, app: Flask, office: Office):
    number = assigned_ticket(
        app,
        office,
        title="Hours missing in \\\\fileserver\\exports\\timesheets_week14_project_P100_v2.csv",
        external_reference="ACMEGMBHINVOICE2026041200000000000000000001",
        description="See https://erp.example.com/timesheets/export?week=14&project=P-100&x=1",
    )
    page.set_viewport_size(PHONE)
    browser_login(page, office.owner)
    page.goto(f"/tickets/{number}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert not (overflow := horizontal_overflow(page)), "\n".join(overflow)
