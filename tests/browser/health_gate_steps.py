"""Steps the subject access journeys share: the health professional's opinion the admin
records before release (DPA 2018 Sch. 3 Part 2 para 6), and the third-party test the
reviewer answers when withholding words about another person (Sch. 2 Part 3 para 16)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from playwright.sync_api import Locator, Page, expect


def record_health_opinion(page: Page, *, name: str = "Dr Ada Example") -> None:
    section = page.locator(
        "section", has=page.get_by_role("heading", name=re.compile("Health data"))
    )
    section.locator("summary").click()
    section.get_by_label(re.compile("opinion of the appropriate health professional")).check()
    section.get_by_label("Health professional's name").fill(name)
    section.get_by_label("Their profession").select_option("doctor")
    section.get_by_label(re.compile("Their register")).fill("GMC")
    section.get_by_label("Registration number", exact=True).fill("7654321")
    section.get_by_label("The day they gave the opinion").fill(
        (date.today() - timedelta(days=2)).isoformat()
    )
    section.get_by_label("What they concluded").select_option("not_met")
    section.get_by_label("Their opinion in a sentence or two").fill(
        "Read the draft with the client's history in mind; safe to release."
    )
    section.get_by_role("button", name="Record the basis").click()
    expect(page.get_by_text("Basis for releasing the health data recorded.")).to_be_visible()


def fill_third_party_test(form: Locator) -> None:
    form.get_by_label("Not asked", exact=True).check()
    form.get_by_label("If not asked, why not").fill(
        "Asking would tell them the client spoke about them in therapy."
    )
    form.get_by_label("Yes", exact=True).check()
    form.get_by_label("Why withholding it is reasonable").fill(
        "They told the client about their own health in confidence."
    )
