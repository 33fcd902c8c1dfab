"""What the executor sees: only what contacting the clients needs, never a note, a disclosure
or subject access material; every read recorded and shown to the admin and the therapist."""

from datetime import date, time, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from clients import services as client_services
from practice.models import AuditEvent
from records import services as record_services
from records.models import Note
from tests.conftest import case_file_of, make_client, signed_in
from tests.disclosures.builders import MARKER as DISCLOSURE_MARKER
from tests.disclosures.builders import drafted
from tests.subject_access.builders import add_notes, compiled
from tests.wills.builders import activated, named
from wills.models import ChecklistStep

pytestmark = pytest.mark.django_db(databases="__all__")

NOTE_MARKER = "Quokka-note-marker-5521"
SESSION_DAY = date.today() + timedelta(days=3)


@pytest.fixture
def will(therapist, executor, admin_user, supervisor, supervised):
    client = make_client(
        therapist,
        given_name="Wendy",
        family_name="Willclient",
        phone="01632 960555",
        message_guidance="Only say Robin from the practice",
        gp_name="Dr Gregory Practice",
        emergency_contact_name="Eddie Contact",
        contacts_for_executor=True,
    )
    add_notes(therapist, client, f"Session talk {NOTE_MARKER}")
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        # The records app keeps no bookings (a future session can only be recorded as
        # cancelled), so the session is recorded on its day and the clock moved back.
        record_services.session_save(
            actor=therapist,
            case_file=case_file_of(client),
            date=SESSION_DAY,
            start_time=time(14, 30),
            duration_minutes=50,
            modality="in_person",
            attendance="attended",
        )
    drafted(therapist, client)  # a disclosure request full of its marker
    compiled(admin_user, client)  # a subject access request, compiled (notes included)
    nomination = named(therapist, executor, admin_user)
    activation = activated(nomination, supervisor)
    return activation, client


def _executor_pages(activation, client) -> list[str]:
    return [
        reverse("will_executor"),
        reverse("will_clients", kwargs={"ref": activation.ref}),
        reverse("will_client", kwargs={"ref": activation.ref, "client_ref": client.ref}),
        reverse("will_letter", kwargs={"ref": activation.ref, "client_ref": client.ref}),
    ]


def test_the_executor_sees_contact_details_and_never_a_note(will, executor):
    activation, client = will
    browser = signed_in(executor)
    pages = {url: browser.get(url) for url in _executor_pages(activation, client)}
    assert all(response.status_code == 200 for response in pages.values())
    detail = pages[_executor_pages(activation, client)[2]].content.decode()
    for shown in ("Wendy Willclient", "01632 960555", "Only say Robin from the practice"):
        assert shown in detail
    assert "Dr Gregory Practice" in detail and "Eddie Contact" in detail  # the client agreed
    assert SESSION_DAY.strftime("%-d %B %Y") in detail and "14:30" in detail
    for html in (response.content.decode() for response in pages.values()):
        assert NOTE_MARKER not in html
        assert DISCLOSURE_MARKER not in html
        assert "subject access request" not in html.lower()


def test_every_note_and_client_url_refuses_the_executor_and_is_audited(will, executor):
    activation, client = will
    note_ref = Note.objects.filter(case_file__record_ref=client.record_ref).first().ref
    browser = signed_in(executor)
    for name, kwargs in (
        ("note_detail", {"ref": client.ref, "note_ref": note_ref}),
        ("client_detail", {"ref": client.ref}),
        ("client_disclosures", {"ref": client.ref}),
        ("note_new", {"ref": client.ref}),
    ):
        response = browser.get(reverse(name, kwargs=kwargs))
        assert response.status_code in (403, 404), name
        assert NOTE_MARKER not in response.content.decode()
    assert AuditEvent.objects.filter(action="records.access_denied", actor=executor).exists()


def test_every_read_is_audited_and_listed_for_the_admin_and_the_therapist(
    will, executor, therapist, admin_user
):
    activation, client = will
    signed_in(executor).get(
        reverse("will_client", kwargs={"ref": activation.ref, "client_ref": client.ref})
    )
    event = AuditEvent.objects.get(action="will.client_viewed")
    assert event.target_ref == client.record_ref and event.actor_label == "executor"
    assert "Wendy" not in str(event.details)
    for who, page in ((admin_user, "will_admin"), (therapist, "will_mine")):
        html = signed_in(who).get(reverse(page)).content.decode()
        assert client.record_ref in html and "read a client&#x27;s contact page" in html


def test_only_active_and_recently_ended_clients_of_the_therapist(
    will, executor, therapist, therapist2
):
    activation, _ = will
    make_client(therapist2, given_name="Colleagues", family_name="Client")
    old = make_client(therapist, given_name="Longago", family_name="Ended")
    client_services.client_end_therapy(
        actor=therapist, client=old, last_contact_on=timezone.localdate()
    )
    with time_machine.travel(timezone.now() + timedelta(days=20)):
        html = signed_in(executor).get(reverse("will_clients", kwargs={"ref": activation.ref}))
        assert "Longago" in html.content.decode()  # ended 20 days ago: still to contact
    html = signed_in(executor).get(reverse("will_clients", kwargs={"ref": activation.ref}))
    assert "Willclient" in html.content.decode()
    assert "Colleagues" not in html.content.decode()


def test_a_client_ended_long_ago_is_not_shown(will, executor, therapist, admin_user):
    activation, _ = will
    with time_machine.travel(timezone.now() - timedelta(days=120)):
        old = make_client(therapist, given_name="Longago", family_name="Ended")
        client_services.client_end_therapy(
            actor=therapist, client=old, last_contact_on=timezone.localdate()
        )
    html = signed_in(executor).get(reverse("will_clients", kwargs={"ref": activation.ref}))
    assert "Longago" not in html.content.decode()
    direct = signed_in(executor).get(
        reverse("will_client", kwargs={"ref": activation.ref, "client_ref": old.ref})
    )
    assert direct.status_code == 404


def test_the_checklist_records_each_step_with_an_audit_event(will, executor):
    activation, client = will
    url = reverse("will_step", kwargs={"ref": activation.ref, "client_ref": client.ref})
    response = signed_in(executor).post(
        url, {"step": "contacted", "method": "phone", "done_on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 302
    step = ChecklistStep.objects.get()
    assert step.record_ref == client.record_ref and step.method == "phone"
    event = AuditEvent.objects.get(action="will.step_recorded")
    assert event.details["step"] == "contacted"


def test_after_expiry_or_an_end_the_executor_is_refused_with_the_reason(will, executor, admin_user):
    from wills import services

    activation, client = will
    url = reverse("will_clients", kwargs={"ref": activation.ref})
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        response = signed_in(executor).get(url)
        assert response.status_code == 403
        assert "time ran out" in response.content.decode()
    services.activation_end(actor=admin_user, activation=activation)
    step_url = reverse("will_step", kwargs={"ref": activation.ref, "client_ref": client.ref})
    response = signed_in(executor).post(
        step_url, {"step": "contacted", "method": "phone", "done_on": "2026-01-01"}
    )
    assert response.status_code == 403
    assert "ended by an admin" in response.content.decode()
    assert not ChecklistStep.objects.exists()
    assert AuditEvent.objects.filter(action="will.refused", details__rule="ended").exists()


def test_before_approval_the_executor_sees_nothing(therapist, executor, admin_user, supervised):
    from tests.wills.builders import asked

    make_client(therapist)
    activation = asked(named(therapist, executor, admin_user))
    response = signed_in(executor).get(reverse("will_clients", kwargs={"ref": activation.ref}))
    assert response.status_code == 403
    assert "Marta" not in response.content.decode()


def test_another_executor_gets_404(will):
    from tests.conftest import make_staff

    activation, client = will
    other = make_staff("executor2", "executor")
    response = signed_in(other).get(reverse("will_clients", kwargs={"ref": activation.ref}))
    assert response.status_code == 404


def test_the_clients_subject_access_answer_holds_the_executors_contact(will, executor, admin_user):
    import io
    import json
    import zipfile

    from subject_access import release
    from tests.subject_access.builders import released_request

    activation, _ = will
    client = make_client(activation.therapist, given_name="Sara", family_name="Asker")
    signed_in(executor).post(
        reverse("will_step", kwargs={"ref": activation.ref, "client_ref": client.ref}),
        {"step": "contacted", "method": "phone", "done_on": timezone.localdate().isoformat()},
    )
    sar = released_request(admin_user, activation.therapist, client)
    archive = zipfile.ZipFile(io.BytesIO(release.sar_archive_download(actor=admin_user, sar=sar)))
    name = next(n for n in archive.namelist() if n.endswith("/answer.json"))
    answer = json.loads(archive.read(name))
    section = next(s for s in answer["sections"] if s["key"] == "professional_will")
    assert len(section["items"]) == 1
    history = next(s for s in answer["sections"] if s["key"] == "access_history")
    assert "checklist step recorded" in json.dumps(history)


def test_the_gp_and_emergency_contact_are_shown_only_where_the_client_agreed(will, executor):
    from clients.models import Client

    activation, client = will
    Client.objects.filter(pk=client.pk).update(contacts_for_executor=False)
    url = reverse("will_client", kwargs={"ref": activation.ref, "client_ref": client.ref})
    detail = signed_in(executor).get(url).content.decode()
    assert "Dr Gregory Practice" not in detail and "Eddie Contact" not in detail
    assert "the client has not agreed" in detail
    assert "01632 960555" in detail  # how to reach the client is always there
