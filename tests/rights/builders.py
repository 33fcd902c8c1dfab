"""Complaints in a given state, made through the same services the pages call."""

from __future__ import annotations

from datetime import date

from rights import services


def logged(admin, *, received_on: date | None = None, name="Ada Complainer", about="My data"):
    from django.utils import timezone

    return services.complaint_log(
        actor=admin,
        channel="letter",
        received_on=received_on or timezone.localdate(),
        name=name,
        contact="ada@example.invalid",
        about=about,
    )


def acknowledged(admin, **kwargs):
    complaint = logged(admin, **kwargs)
    services.complaint_acknowledge(actor=admin, complaint=complaint)
    complaint.refresh_from_db()
    return complaint


def closed(admin, **kwargs):
    complaint = acknowledged(admin, **kwargs)
    services.complaint_close(actor=admin, complaint=complaint, outcome="We fixed it.")
    complaint.refresh_from_db()
    return complaint


def matrix_objects(admin) -> dict:
    """A complaint with both letters, for the permission matrix."""
    complaint = closed(admin)
    return {
        "complaint_ref": complaint.ref,
        "complaint_letter_ref": complaint.letters.first().ref,
    }


# -- The breach register ----------------------------------------------------------------


def breach_found(admin, *, hours_ago: float = 2, what="A laptop left on a train", **kwargs):
    from datetime import timedelta

    from django.utils import timezone

    values = {
        "discovered_at": timezone.now() - timedelta(hours=hours_ago),
        "what_happened": what,
        "for_client": "A laptop holding your appointment times was lost.",
        "people_affected": 3,
        **kwargs,
    }
    return services.breach_record(actor=admin, **values)


def breach_assessed(admin, *, risk="risk", notify_ico=True, notify_people=False, **kwargs):
    breach = breach_found(admin, **kwargs)
    return services.breach_assess(
        actor=admin,
        breach=breach,
        risk=risk,
        assessment="Appointment times could be read.",
        notify_ico=notify_ico,
        notify_people=notify_people,
        reasons="The laptop was not encrypted.",
    )


def breach_reported(admin, **kwargs):
    from django.utils import timezone

    breach = breach_assessed(admin, **kwargs)
    return services.breach_ico_notify(
        actor=admin, breach=breach, notified_at=timezone.now(), ico_reference="ICO-0001"
    )


def breach_matrix_objects(admin) -> dict:
    return {"breach_ref": breach_found(admin).ref}


# -- Rectification requests (Art. 16) ---------------------------------------------------------


def signed_note(therapist, client, body="Client said they would leave their job."):
    from records import services as record_services
    from tests.conftest import case_file_of

    note = record_services.note_create(actor=therapist, case_file=case_file_of(client), body=body)
    return record_services.note_sign(actor=therapist, note=note, expected_version=note.version)


def rectification_logged(admin, client, *, received_on=None, asks="The note of May is wrong."):
    from django.utils import timezone

    return services.rectification_log(
        actor=admin, client=client, received_on=received_on or timezone.localdate(), asks=asks
    )


def rectification_responded(admin, therapist, client, *, response="disagreed", **kwargs):
    note = signed_note(therapist, client)
    request = rectification_logged(admin, client, **kwargs)
    return services.rectification_respond(
        actor=therapist,
        rectification=request,
        note=note,
        response=response,
        addendum="I never said I would leave my job.",
        reasons="The note records what was said in the session.",
    )


def rectification_matrix_objects(admin, therapist, client) -> dict:
    """A request answered and closed, with its acknowledgement and outcome letters."""
    request = rectification_logged(admin, client)
    services.rectification_acknowledge(actor=admin, rectification=request)
    services.rectification_respond(
        actor=therapist,
        rectification=request,
        note=signed_note(therapist, client),
        response="agreed",
        addendum="Correction: the client said they might change jobs.",
        reasons="We have corrected the note.",
    )
    letter = services.rectification_close(actor=admin, rectification=request)
    return {"rectification_ref": request.ref, "rectification_letter_ref": letter.ref}


# -- Objections (Art. 21) -----------------------------------------------------------------------


def objection_logged(admin, client, *, received_on=None, asks="Stop sending me reminders."):
    from django.utils import timezone

    return services.objection_log(
        actor=admin, client=client, received_on=received_on or timezone.localdate(), asks=asks
    )


def objection_matrix_objects(admin, client) -> dict:
    """An objection decided, with its outcome letter."""
    objection = objection_logged(admin, client)
    letter = services.objection_decide(
        actor=admin, objection=objection, decision="upheld", reasons="Reminders stop."
    )
    return {"objection_ref": objection.ref, "objection_letter_ref": letter.ref}


# -- Erasure (Art. 17) ---------------------------------------------------------------------------


def erasure_logged(admin, client, *, received_on=None, asks="Please erase my records."):
    from django.utils import timezone

    return services.erasure_log(
        actor=admin, client=client, received_on=received_on or timezone.localdate(), asks=asks
    )


def erasure_matrix_objects(admin, client) -> dict:
    """An erasure request refused (so the client stays for the other rows), with its letter."""
    erasure = erasure_logged(admin, client)
    letter = services.erasure_decide(
        actor=admin,
        erasure=erasure,
        decision="refused",
        ground="legal_claims",
        reasons="A claim is in progress.",
    )
    return {"erasure_ref": erasure.ref, "erasure_letter_ref": letter.ref}


# -- Restrictions (Art. 18) -----------------------------------------------------------------------


def restriction_logged(
    admin, client, *, received_on=None, ground="accuracy", asks="Keep my notes but do not use them."
):
    from django.utils import timezone

    return services.restriction_log(
        actor=admin,
        client=client,
        received_on=received_on or timezone.localdate(),
        ground=ground,
        asks=asks,
    )


def restriction_matrix_objects(admin, client) -> dict:
    """A restriction request acknowledged (not applied, so the client's file stays writable
    for the other rows), with its letter."""
    restriction = restriction_logged(admin, client)
    letter = services.restriction_acknowledge(actor=admin, restriction=restriction)
    return {"restriction_request_ref": restriction.ref, "restriction_letter_ref": letter.ref}
