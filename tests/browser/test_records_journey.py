"""A therapist's journey from a new client to a signed note and an addendum, in Chromium.

Then the proof that matters: the database holds none of the note's words, the client's
name is in no records table, and the other therapist gets a 404 on the client's pages.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD, artifact_path, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

NOTE_WORDS = "Vermilionfox described the orchard nightmare and the quarrel with Tobiah"
ADDENDUM_WORDS = "Correction from Glasswing: the quarrel was on Friday"
STATEMENT_WORDS = "Heathercombe says there was no quarrel at all"
CLIENT = {"given": "Octavia", "family": "Brindlewood", "email": "octavia.b@example.invalid"}


def _database_dump(server) -> tuple[str, dict[str, str]]:
    """The whole database as SQL text, plus each table's rows (SQLite or PostgreSQL)."""
    url = server.env["DATABASE_URL"]
    if url.startswith("sqlite"):
        connection = sqlite3.connect(url.removeprefix("sqlite:///"))
        try:
            dump = "\n".join(connection.iterdump())
            tables = {
                name: repr(connection.execute(f'SELECT * FROM "{name}"').fetchall())  # noqa: S608
                for (name,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type='table'"
                )
            }
        finally:
            connection.close()
        return dump, tables
    import psycopg

    pg_dump = shutil.which("pg_dump")
    assert pg_dump, "pg_dump is needed to dump the PostgreSQL database"
    dump = subprocess.run([pg_dump, url], capture_output=True, text=True, check=True).stdout
    with psycopg.connect(url) as connection:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            )
        ]
        tables = {
            name: repr(connection.execute(f'SELECT * FROM "{name}"').fetchall())  # noqa: S608
            for name in names
        }
    return dump, tables


def test_therapist_goes_from_new_client_to_signed_note_and_addendum(
    page, base_url, server, browser
):
    sign_in(page, base_url, "therapist", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Your caseload")).to_be_visible()

    page.get_by_role("link", name="Add a client").click()
    page.get_by_label("First name").fill(CLIENT["given"])
    page.get_by_label("Last name").fill(CLIENT["family"])
    page.get_by_label("Email", exact=True).fill(CLIENT["email"])
    page.get_by_role("button", name="Add client and open a case file").click()
    expect(page.get_by_role("heading", name=re.compile("Octavia Brindlewood"))).to_be_visible()
    client_url = page.url

    # Without records consent, the note page says why and asks for a reason.
    page.get_by_role("link", name=re.compile("Write a note")).click()
    expect(page.get_by_text("No records consent yet")).to_be_visible()
    page.goto(client_url)
    page.get_by_role("button", name="Record consent to keep records").click()
    expect(page.get_by_text("Records consent recorded.")).to_be_visible()

    page.get_by_role("link", name="Record a session").click()
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("Attended").check()
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_text("Session saved.")).to_be_visible()

    page.get_by_role("link", name="Write a note", exact=True).click()
    page.get_by_label(re.compile(r"^Note \(required\)")).fill(NOTE_WORDS)
    page.get_by_label("Session").select_option(index=1)
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("heading", name="Draft note")).to_be_visible()
    page.screenshot(path=str(artifact_path("journey-draft-note")), full_page=True)

    page.get_by_role("button", name="Save, sign and lock").click()
    expect(page.get_by_role("heading", name="Sign and lock this note?")).to_be_visible()
    page.screenshot(path=str(artifact_path("journey-confirm-sign")), full_page=True)
    page.get_by_role("button", name="Yes, sign and lock the note").click()
    expect(page.get_by_role("heading", name="Signed note")).to_be_visible()
    expect(page.get_by_text(NOTE_WORDS)).to_be_visible()

    page.get_by_label("Addendum").fill(ADDENDUM_WORDS)
    page.get_by_role("button", name="Add addendum").click()
    expect(page.get_by_text("Addendum added.")).to_be_visible()
    expect(page.get_by_text(ADDENDUM_WORDS)).to_be_visible()
    note_url = page.url

    # The client says the note is wrong and the therapist does not agree: their statement
    # is attached, and shown with the note here and on the client page.
    page.get_by_text("The client says this note is inaccurate, and you do not agree").click()
    page.get_by_label("The client's statement, in their words").fill(STATEMENT_WORDS)
    page.get_by_role("button", name="Attach the client's statement").click()
    expect(page.get_by_text("Client's statement added.")).to_be_visible()
    expect(page.get_by_text(STATEMENT_WORDS)).to_be_visible()
    page.screenshot(path=str(artifact_path("journey-client-statement")), full_page=True)

    page.goto(client_url)
    expect(page.get_by_role("heading", name="Who accessed this record")).to_be_visible()
    expect(page.get_by_role("cell", name="Notes read").first).to_be_visible()
    expect(page.get_by_text(STATEMENT_WORDS)).to_be_visible()
    page.screenshot(path=str(artifact_path("journey-client-page")), full_page=True)

    # The database holds none of the note's words, and no records table holds the name.
    dump, tables = _database_dump(server)
    # The invented words are found nowhere else, so any trace of the note would show.
    for word in ("Vermilionfox", "Tobiah", "Glasswing", "orchard nightmare", "Heathercombe"):
        assert word not in dump, word
    records_tables = {name: rows for name, rows in tables.items() if name.startswith("records_")}
    assert records_tables, "expected records tables"
    for name, rows in records_tables.items():
        for marker in CLIENT.values():
            assert marker not in rows, (marker, name)

    # The other therapist gets a 404 on every page of this client.
    colleague = browser.new_context()
    try:
        other = colleague.new_page()
        sign_in(other, base_url, "therapist2", DEMO_PASSWORD)
        for url in (client_url, note_url, client_url + "edit/", client_url + "notes/new/"):
            response = other.goto(url)
            assert response is not None and response.status == 404, url
            expect(other.get_by_role("heading", name="Page not found")).to_be_visible()
            assert CLIENT["family"] not in other.content()
    finally:
        colleague.close()
