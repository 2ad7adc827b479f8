"""A team in a real browser, in English, German and Dutch: print the poster, rate the
criteria, complete, see the radar, and turn a weak criterion into an action that appears
on My work and in the agenda PDF."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from backoffice.auth.models import User
from backoffice.extensions import db
from backoffice.meetings.schedule import ensure_reviews
from tests.assessment_steps import make_team
from tests.browser_steps import BrowserProblems
from tests.helpers import browser_login, screenshot
from tests.meetings_steps import pdf_text

WORDS = {
    "en": {"poster": "How service-oriented are we?", "field": "Knowing our customers",
           "completed": "The assessment was completed.", "need": "is on the owner's My work",
           "agenda": "Self-assessments and development needs"},
    "de": {"poster": "Wie serviceorientiert sind wir?", "field": "Unsere Kunden kennen",
           "completed": "Die Selbstbewertung wurde abgeschlossen.",
           "need": "Meine Arbeit", "agenda": "Selbstbewertungen und Entwicklungsbedarf"},
    "nl": {"poster": "Hoe servicegericht zijn we?", "field": "Onze klanten kennen",
           "completed": "De zelfevaluatie is afgerond.", "need": "Mijn werk",
           "agenda": "Zelfevaluaties en ontwikkelpunten"},
}  # fmt: skip


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("lang", ["en", "de", "nl"])
def test_a_team_assesses_itself_and_plans_an_action(app, office, page: Page, lang: str) -> None:
    said = WORDS[lang]
    with app.app_context():
        team = make_team(office)
        db.session.get(User, office.owner_id).locale = lang
        db.session.commit()
        quarter = ensure_reviews()["created"][0]
    problems = BrowserProblems.watch(page)
    browser_login(page, team.lead)
    page.goto("/assessments/")

    page.locator("a[href*='/assessments/poster']").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(said["poster"])
    expect(page.get_by_text(said["field"])).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".poster-toolbar")).to_be_hidden()
    screenshot(page, f"assessment-poster-print-{lang}")
    page.emulate_media(media="screen")
    pdf = page.request.get(page.locator("a[href*='poster.pdf']").get_attribute("href"))
    assert pdf.ok and said["field"] in words(pdf_text(pdf.body()))
    page.goto("/assessments/")

    page.locator(f"form[action$='/teams/{team.function_id}/start'] button").click()
    levels = page.locator("select[name^='level_']")
    assert levels.count() == 16
    for index in range(levels.count()):
        levels.nth(index).select_option(["0", "1"][index] if index < 2 else "2")
    page.locator("textarea[name^='note_']").first.fill("Nobody has listed our customers yet.")
    page.locator("button[value='complete']").click()
    expect(page.get_by_text(said["completed"])).to_be_visible()
    radar = page.locator("svg.radar-chart")
    expect(radar).to_be_visible()
    expect(radar.locator("polygon.radar-current")).to_have_count(1)
    expect(page.get_by_text("Nobody has listed our customers yet.")).to_be_visible()

    form = page.locator("form.need-form")
    form.locator("select[name='need-criterion_id']").select_option(index=0)
    form.locator("input[name='need-title']").fill(f"Interview Invoicing ({lang})")
    form.locator("select[name='need-owner_id']").select_option(label="Otto Owner")
    form.locator("input[name='need-due_date']").fill("2027-03-31")
    form.locator("button[type='submit']").click()
    expect(page.get_by_text(said["need"]).first).to_be_visible()
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"assessment-completed-{lang}-{width}")

    page.goto("/")
    expect(page.get_by_text(f"Interview Invoicing ({lang})")).to_be_visible()
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"assessment-my-work-{lang}-{width}")
    agenda = page.request.get(f"/reviews/{quarter}/agenda.pdf")
    assert agenda.ok
    text = words(pdf_text(agenda.body()))
    assert f"Interview Invoicing ({lang})" in text
    assert said["agenda"] in text  # headings in the reader's language
    assert problems.errors == []
