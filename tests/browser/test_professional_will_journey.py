"""A professional will in Chromium (issue 25): the therapist names the demo executor, the
admin countersigns, the executor asks to activate it, the supervisor approves, and the
executor opens a client's contact page (no note on it), records the contact, e-mails the
letter and looks at it; the therapist's page then lists what the executor read; the admin
keeps the records under the retention policy; 31 days on, access has expired and the page
says so."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from clients.demo import DEMO_CLIENTS
from tests.browser.conftest import DEMO_PASSWORD, artifact_path, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

ADA_NOTE = DEMO_CLIENTS["therapist"][0][3]


def _page(browser):
    return browser.new_context(viewport={"width": 1280, "height": 900}).new_page()


EXPIRE = """
from datetime import timedelta
from wills.models import Activation
row = Activation.objects.order_by("-asked_at").first()
days = timedelta(days=31)
Activation.objects.filter(pk=row.pk).update(
    asked_at=row.asked_at - days,
    approved_at=row.approved_at - days,
    starts_at=row.starts_at - days,
    ends_at=row.ends_at - days,
)
"""


def test_a_named_executor_reaches_the_clients_by_two_peoples_decision(browser, base_url, server):
    therapist, admin, executor, supervisor = (_page(browser) for _ in range(4))
    try:
        sign_in(therapist, base_url, "therapist", DEMO_PASSWORD)
        therapist.get_by_role("link", name="My professional will").click()
        expect(therapist.get_by_role("heading", name="My professional will")).to_be_visible()
        therapist.get_by_label("Executor").select_option(label="Robin (demo) (executor)")
        therapist.get_by_role("button", name="Name this executor").click()
        expect(
            therapist.get_by_text("Executor named. An admin must countersign it.")
        ).to_be_visible()
        expect(therapist.get_by_text("Waiting for an admin to countersign")).to_be_visible()
        therapist.screenshot(path=str(artifact_path("will-named")), full_page=True)

        sign_in(admin, base_url, "admin", DEMO_PASSWORD)
        admin.get_by_role("link", name="Professional wills").last.click()
        expect(admin.get_by_role("heading", name="Namings to countersign")).to_be_visible()
        admin.get_by_role("button", name="Countersign").click()
        expect(admin.get_by_text("Naming countersigned.")).to_be_visible()

        sign_in(executor, base_url, "executor", DEMO_PASSWORD)
        expect(
            executor.get_by_role("heading", name="Professional wills naming you")
        ).to_be_visible()
        executor.get_by_text("Ask to activate this will").click()
        executor.get_by_label("The therapist has died").check()
        executor.get_by_label("What happened, in a few words").fill(
            "Their partner telephoned the practice this morning."
        )
        executor.get_by_role("button", name="Ask to activate").click()
        expect(
            executor.get_by_text("Activation asked. A second person must approve it.")
        ).to_be_visible()
        expect(executor.get_by_role("link", name="Open the client list")).to_have_count(0)
        expect(executor.get_by_text("Ask to activate this will")).to_have_count(0)
        executor.screenshot(path=str(artifact_path("will-asked")), full_page=True)

        sign_in(supervisor, base_url, "supervisor", DEMO_PASSWORD)
        supervisor.get_by_role("link", name="Professional wills to approve").click()
        expect(supervisor.get_by_text("Their partner telephoned")).to_be_visible()
        supervisor.screenshot(path=str(artifact_path("will-to-approve")), full_page=True)
        supervisor.get_by_role("button", name="Approve this activation").click()
        expect(supervisor.get_by_text("Activation approved.")).to_be_visible()

        executor.reload()
        executor.get_by_role("link", name="Open the client list").click()
        expect(executor.get_by_role("heading", name=re.compile("Clients of"))).to_be_visible()
        executor.screenshot(path=str(artifact_path("will-clients")), full_page=True)
        executor.get_by_role("link", name="Ada Example").click()
        expect(executor.get_by_role("heading", name="Ada Example")).to_be_visible()
        expect(executor.get_by_text("First name only; do not mention counselling.")).to_be_visible()
        assert ADA_NOTE not in executor.content()
        executor.get_by_label("Step").select_option("contacted")
        executor.get_by_label("How").select_option("phone")
        executor.get_by_label("When").fill(datetime.date.today().isoformat())
        executor.get_by_role("button", name="Record this step").click()
        expect(executor.get_by_text("Recorded.", exact=True)).to_be_visible()
        expect(executor.get_by_text(re.compile("Client contacted: phone call"))).to_be_visible()
        executor.screenshot(path=str(artifact_path("will-client-contacted")), full_page=True)
        client_url = executor.url

        # The letter by e-mail, to the address Ada gave (e-mail is her chosen way).
        executor.get_by_role("button", name="Send the letter by e-mail").click()
        expect(executor.get_by_text("The letter was sent by e-mail and recorded.")).to_be_visible()
        expect(executor.get_by_text(re.compile(r"Sent by e-mail, .* by executor"))).to_be_visible()
        executor.screenshot(path=str(artifact_path("will-letter-emailed")), full_page=True)

        executor.get_by_role("link", name="Preview the letter to this client").click()
        expect(executor.get_by_role("heading", name="Your appointments with Alex")).to_be_visible()
        assert ADA_NOTE not in executor.content()
        executor.screenshot(path=str(artifact_path("will-letter")), full_page=True)

        # The executor's reads show on the therapist's page; the note pages stay shut.
        executor.goto(f"{base_url}/caseload/")
        assert "Ada Example" not in executor.content()
        therapist.reload()
        expect(therapist.get_by_text("executor read a client's contact page").first).to_be_visible()
        therapist.screenshot(path=str(artifact_path("will-reads")), full_page=True)

        # The records afterwards: the admin keeps them under the retention policy (the
        # caseload move is linked beside it), and the executor's page says so.
        admin.reload()
        expect(
            admin.get_by_role("link", name="Move therapist's case files to a practitioner")
        ).to_be_visible()
        admin.get_by_role(
            "button", name="Keep them under the retention policy until disposal"
        ).click()
        expect(admin.get_by_text(re.compile("Recorded: the records stay"))).to_be_visible()
        admin.screenshot(path=str(artifact_path("will-records-kept")), full_page=True)
        executor.goto(client_url)
        expect(executor.get_by_text(re.compile("under its retention policy"))).to_be_visible()

        # Thirty-one days later (the activation's dates moved back, as the days passing
        # would: its state is read from them), access has expired and the page says so.
        server.manage("shell", "-c", EXPIRE)
        executor.goto(client_url)
        expect(executor.get_by_text("its time ran out")).to_be_visible()
        assert "First name only" not in executor.content()
        executor.screenshot(path=str(artifact_path("will-expired")), full_page=True)
    finally:
        for page in (therapist, admin, executor, supervisor):
            page.context.close()
