"""The reviewer's page: a contents list with counts, one part at a time in pages, a search
within the answer, and a "done" mark for each part that is audited and survives a reload."""

from __future__ import annotations

import pytest
from django.urls import reverse

from practice.models import AuditEvent
from subject_access import release
from tests.conftest import make_client, signed_in
from tests.subject_access.builders import add_notes, compiled

pytestmark = pytest.mark.django_db(databases="__all__")


@pytest.fixture
def review(admin_user, therapist):
    client = make_client(therapist, given_name="Perpetua")
    add_notes(
        therapist,
        client,
        *[f"Week {n}. Spoke about the lighthouse keeper's logbook." for n in range(1, 24)],
        "Week 24. Mentioned the marmalade cat named Quillon.",
    )
    sar = compiled(admin_user, client)
    return sar, signed_in(therapist)


def _page(browser, sar, query=""):
    response = browser.get(reverse("sar_review", args=[sar.ref]) + query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_contents_list_every_part_with_its_count_and_a_link(review):
    sar, browser = review
    body = _page(browser, sar)
    assert "Contents" in body
    for title in ("Your details", "Your sessions", "Your notes", "Who has accessed your record"):
        assert title in body
    assert "(24 notes)" in body and "(1 session)" in body
    assert 'href="?part=notes#part"' in body
    # One part at a time: the first part is shown, the notes are not.
    assert "Perpetua" in body and "lighthouse keeper" not in body


def test_a_part_is_shown_a_page_at_a_time(review):
    sar, browser = review
    first = _page(browser, sar, "?part=notes")
    assert first.count("<h3>Note of the session on") == 20
    assert "Page 1 of 2" in first and "Quillon" not in first
    second = _page(browser, sar, "?part=notes&page=2")
    assert second.count("<h3>Note of the session on") == 4 and "Quillon" in second
    # A page past the end, or not a number, is a page that exists, never an error.
    assert "Quillon" in _page(browser, sar, "?part=notes&page=99")
    assert "Your details" in _page(browser, sar, "?part=no-such-part&page=x")


def test_search_finds_words_anywhere_in_the_answer_and_links_to_their_page(review):
    sar, browser = review
    body = _page(browser, sar, "?q=quillon")
    assert "1 result for" in body
    assert 'href="?part=notes&amp;page=2#part"' in body
    nothing = _page(browser, sar, "?q=zebra+crossing")
    assert "0 results for" in nothing and "Nothing in this answer has those words" in nothing


def test_marking_a_part_done_is_audited_and_shown_and_a_part_not_there_is_refused(
    review, therapist
):
    sar, browser = review
    response = browser.post(reverse("sar_part_done", args=[sar.ref, "notes"]))
    assert response.status_code == 302 and "part=notes" in response["Location"]
    assert release.parts_checked(sar) == {"notes"}
    event = AuditEvent.objects.get(action="sar.part_checked")
    assert event.details == {"request": sar.reference, "part": "notes"}
    assert event.actor_id == therapist.pk
    body = _page(browser, sar, "?part=notes")
    assert "1 of " in body and "You marked this part as done" in body
    before = AuditEvent.objects.count()
    refused = browser.post(reverse("sar_part_done", args=[sar.ref, "nonsense"]), follow=True)
    assert "That part is not in this answer" in refused.content.decode()
    assert release.parts_checked(sar) == {"notes"}
    assert AuditEvent.objects.filter(action="sar.part_checked").count() == 1
    assert AuditEvent.objects.count() >= before  # the refused mark wrote no mark


def test_another_therapist_cannot_mark_a_part(review, therapist2):
    sar, _ = review
    other = signed_in(therapist2)
    assert other.post(reverse("sar_part_done", args=[sar.ref, "notes"])).status_code == 404
    assert release.parts_checked(sar) == set()
