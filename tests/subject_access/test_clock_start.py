"""When the clock starts (UK GDPR Art. 12A; DPA 2018 s.54(3); the ICO's right of access
guidance): on the latest of the day the request, the identity information asked for and the
evidence of a representative's authority arrived, never the later day staff confirmed them.
A request may be logged while evidence is awaited, and the page says what."""

from __future__ import annotations

from datetime import UTC, date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from practice.models import AuditEvent, PracticeProfile
from subject_access import services
from subject_access.models import Status, SubjectAccessRequest
from tests.conftest import make_client, signed_in
from tests.subject_access.builders import log_request

D = date


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(timezone.datetime(2026, 3, 20, 11, 0, tzinfo=UTC)):
        yield


@pytest.fixture
def client_(therapist):
    return make_client(therapist)


def _nation(code):
    profile = PracticeProfile.load()
    profile.nation = code
    profile.save()


def _unchanged(sar):
    before = SubjectAccessRequest.objects.filter(pk=sar.pk).values().get()
    events = list(sar.clock_events.values())
    return lambda: (
        SubjectAccessRequest.objects.filter(pk=sar.pk).values().get() == before
        and list(sar.clock_events.values()) == events
    )


CASES = [
    # (id, requester, received, identity arrived, authority arrived, nation, starts, due)
    (
        "client-known",
        "client",
        D(2026, 3, 2),
        D(2026, 3, 2),
        None,
        "ENG",
        D(2026, 3, 2),
        D(2026, 4, 2),
    ),
    # 5 Apr 2026 is Easter Sunday; Easter Monday is a bank holiday in England, not Scotland
    (
        "identity-later-eng",
        "client",
        D(2026, 3, 2),
        D(2026, 3, 5),
        None,
        "ENG",
        D(2026, 3, 5),
        D(2026, 4, 7),
    ),
    (
        "identity-later-sct",
        "client",
        D(2026, 3, 2),
        D(2026, 3, 5),
        None,
        "SCT",
        D(2026, 3, 5),
        D(2026, 4, 6),
    ),
    (
        "authority-last-eng",
        "representative",
        D(2026, 3, 2),
        D(2026, 3, 2),
        D(2026, 3, 6),
        "ENG",
        D(2026, 3, 6),
        D(2026, 4, 7),
    ),
    (
        "authority-last-nir",
        "representative",
        D(2026, 3, 2),
        D(2026, 3, 2),
        D(2026, 3, 6),
        "NIR",
        D(2026, 3, 6),
        D(2026, 4, 7),
    ),
    (
        "authority-last-sct",
        "representative",
        D(2026, 3, 2),
        D(2026, 3, 2),
        D(2026, 3, 6),
        "SCT",
        D(2026, 3, 6),
        D(2026, 4, 6),
    ),
    # the identity arrives after the authority: the later of the two (4 Apr: a Saturday)
    (
        "identity-last-eng",
        "representative",
        D(2026, 3, 2),
        D(2026, 3, 4),
        D(2026, 3, 3),
        "ENG",
        D(2026, 3, 4),
        D(2026, 4, 7),
    ),
    # 17 Mar: St Patrick's Day, a bank holiday in Northern Ireland only
    (
        "st-patrick-nir",
        "representative",
        D(2026, 2, 17),
        D(2026, 2, 17),
        D(2026, 2, 17),
        "NIR",
        D(2026, 2, 17),
        D(2026, 3, 18),
    ),
    (
        "st-patrick-eng",
        "representative",
        D(2026, 2, 17),
        D(2026, 2, 17),
        D(2026, 2, 17),
        "ENG",
        D(2026, 2, 17),
        D(2026, 3, 17),
    ),
]


@pytest.mark.parametrize(
    ("requester", "received", "identity", "authority", "nation", "starts", "due"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_the_clock_starts_on_the_latest_arrival(
    admin_user, client_, requester, received, identity, authority, nation, starts, due
):
    _nation(nation)
    others = {"requester_name": "A Solicitor"} if requester != "client" else {}
    sar = log_request(
        admin_user,
        client_,
        received_on=received,
        requester=requester,
        identity_method="",
        **others,
    )
    assert sar.status == Status.AWAITING_IDENTITY and sar.clock_start is None
    # the evidence is confirmed a week after it arrived: the clock counts from arrival
    sar = services.sar_verify_identity(
        actor=admin_user,
        sar=sar,
        method="photo_id",
        received_on=identity,
        confirmed_on=D(2026, 3, 19),
    )
    if authority:
        assert sar.status == Status.AWAITING_IDENTITY
        sar = services.sar_confirm_authority(
            actor=admin_user,
            sar=sar,
            authority="written_consent",
            received_on=authority,
            confirmed_on=D(2026, 3, 19),
        )
    assert sar.status == Status.OPEN
    assert sar.clock_start == starts and sar.due_on == due
    assert AuditEvent.objects.filter(action="sar.clock_started").count() == 1


def test_a_representative_request_is_logged_while_authority_is_awaited(admin_user, client_):
    sar = log_request(
        admin_user,
        client_,
        received_on=D(2026, 3, 2),
        requester="representative",
        requester_name="A Solicitor",
    )
    assert sar.status == Status.AWAITING_IDENTITY and sar.due_on is None
    assert sar.awaited == ["evidence that the person asking may act for the client"]
    sar = services.sar_confirm_authority(
        actor=admin_user,
        sar=sar,
        authority="power_of_attorney",
        received_on=D(2026, 3, 9),
        confirmed_on=D(2026, 3, 10),
    )
    assert sar.status == Status.OPEN and sar.clock_start == D(2026, 3, 9)
    event = sar.authority_event
    assert (event.on, event.confirmed_on) == (D(2026, 3, 9), D(2026, 3, 10))
    assert sar.authority == "power_of_attorney"


def test_arrival_and_confirmation_are_kept_apart_when_logging(admin_user, client_):
    sar = log_request(
        admin_user,
        client_,
        received_on=D(2026, 3, 2),
        identity_method="photo_id",
        identity_received_on=D(2026, 3, 4),
        identity_confirmed_on=D(2026, 3, 6),
    )
    event = sar.identity_event
    assert (event.on, event.confirmed_on) == (D(2026, 3, 4), D(2026, 3, 6))
    assert sar.clock_start == D(2026, 3, 4)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (
            {"received_on": D(2026, 3, 1), "confirmed_on": D(2026, 3, 3)},
            "authority_received_on",
            "between receipt and today",
        ),
        (
            {"received_on": D(2026, 3, 5), "confirmed_on": D(2026, 3, 4)},
            "authority_confirmed_on",
            "between its arrival and today",
        ),
        (
            {"received_on": D(2026, 3, 5), "confirmed_on": D(2026, 3, 21)},
            "authority_confirmed_on",
            "between its arrival and today",
        ),
        (
            {"authority": "parental", "received_on": D(2026, 3, 5), "confirmed_on": D(2026, 3, 5)},
            "authority",
            "signed authority",
        ),
    ],
)
def test_bad_evidence_dates_are_refused_and_change_nothing(
    admin_user, client_, values, field, message
):
    sar = log_request(
        admin_user,
        client_,
        received_on=D(2026, 3, 2),
        requester="representative",
        requester_name="A Solicitor",
    )
    unchanged = _unchanged(sar)
    with pytest.raises(ValidationError) as refused:
        services.sar_confirm_authority(
            actor=admin_user, sar=sar, **{"authority": "written_consent", **values}
        )
    assert field in refused.value.message_dict and message in str(refused.value)
    assert unchanged()


def test_authority_is_refused_when_the_client_asked(admin_user, client_):
    sar = log_request(admin_user, client_, identity_method="")
    unchanged = _unchanged(sar)
    with pytest.raises(ValidationError, match="no authority is needed"):
        services.sar_confirm_authority(
            actor=admin_user,
            sar=sar,
            authority="written_consent",
            received_on=D(2026, 3, 19),
            confirmed_on=D(2026, 3, 19),
        )
    assert unchanged()


def test_identity_is_recorded_once(admin_user, client_):
    sar = log_request(
        admin_user,
        client_,
        received_on=D(2026, 3, 2),
        requester="representative",
        requester_name="A Solicitor",
    )
    unchanged = _unchanged(sar)
    with pytest.raises(ValidationError, match="already been checked"):
        services.sar_verify_identity(
            actor=admin_user,
            sar=sar,
            method="photo_id",
            received_on=D(2026, 3, 3),
            confirmed_on=D(2026, 3, 3),
        )
    assert unchanged()


def test_the_page_says_what_the_clock_waits_for_and_takes_the_evidence(admin_user, client_):
    page = signed_in(admin_user)
    response = page.post(
        reverse("sar_new") + f"?client={client_.ref}",
        {
            "client": client_.ref,
            "received_on": "2026-03-02",
            "channel": "post",
            "requester": "representative",
            "requester_name": "A Solicitor",
        },
    )
    sar = SubjectAccessRequest.objects.get()
    assert response.status_code == 302 and sar.status == Status.AWAITING_IDENTITY
    body = page.get(reverse("sar_detail", args=[sar.ref])).content.decode()
    assert "The clock has not started: it waits for" in body
    assert "the identity information asked for" in body
    assert "evidence that the person asking may act for the client" in body
    page.post(
        reverse("sar_authority", args=[sar.ref]),
        {
            "authority": "written_consent",
            "authority_received_on": "2026-03-04",
            "authority_confirmed_on": "2026-03-05",
        },
    )
    body = page.get(reverse("sar_detail", args=[sar.ref])).content.decode()
    assert "evidence that the person asking may act for the client" not in body
    assert "arrived 4 March 2026, checked 5 March 2026" in body
    refused = page.post(
        reverse("sar_authority", args=[sar.ref]),
        {
            "authority": "written_consent",
            "authority_received_on": "2026-03-04",
            "authority_confirmed_on": "2026-03-05",
        },
    )
    assert refused.status_code == 400
    assert "already been confirmed" in refused.content.decode()
