"""A complaint arriving (the public form, or logged by the admin from a letter, call or
e-mail), assigned, linked to a client's case file, and investigated (notes and updates)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clients.models import Client
from practice import audit
from practice.models import PracticeProfile, User
from rights import children, permissions
from rights.audit_actions import Action
from rights.models import Channel, Complaint, ComplaintNote, NoteKind
from rights.services.common import (
    ABOUT_MAX,
    CONTACT_MAX,
    NAME_MAX,
    NOTE_MAX,
    checked_text,
    not_after,
)
from rights.workflow import COMPLAINT_MACHINE
from subject_access.models import Requester


def _new_complaint(
    *, channel: str, received_on: date, name: str, contact: str, about: str, matter_on
) -> Complaint:
    today = timezone.localdate()
    name = checked_text("name", name, limit=NAME_MAX, required="Give your name.")
    contact = checked_text(
        "contact", contact, limit=CONTACT_MAX, required="Say how we can reply to you."
    )
    about = checked_text(
        "about", about, limit=ABOUT_MAX, required="Say what your complaint is about."
    )
    not_after("received_on", received_on, today=today, what="The day it arrived")
    not_after("matter_on", matter_on, today=today, what="The date of the matter")
    complaint = Complaint(channel=channel, received_on=received_on, matter_on=matter_on)
    complaint.give_new_key()
    complaint.set_complainant_name(name)
    complaint.set_complainant_contact(contact)
    complaint.set_about(about)
    return complaint


def complaint_submit(*, name: str, contact: str, about: str, matter_on: date | None = None):
    """Someone complains through the public form. Nothing here looks for a client: the
    answer is the same for everyone, and only an admin links a case file later."""
    complaint = _new_complaint(
        channel=Channel.FORM,
        received_on=timezone.localdate(),
        name=name,
        contact=contact,
        about=about,
        matter_on=matter_on,
    )
    with transaction.atomic(durable=True):
        complaint.save()
        audit.record(
            action=Action.COMPLAINT_RECEIVED,
            actor_label="public-form",
            target_ref=complaint.reference,
        )
    return complaint


def complaint_log(
    *,
    actor: User,
    channel: str,
    received_on: date,
    name: str,
    contact: str,
    about: str,
    matter_on: date | None = None,
) -> Complaint:
    """The admin records a complaint that came by letter, telephone, e-mail or in person."""
    if not permissions.may_handle_complaints(actor):
        raise ValidationError("Only an admin can log a complaint.")
    if channel not in Channel.values or channel == Channel.FORM:
        raise ValidationError({"channel": "Choose how the complaint arrived."})
    complaint = _new_complaint(
        channel=channel,
        received_on=received_on,
        name=name,
        contact=contact,
        about=about,
        matter_on=matter_on,
    )
    complaint.logged_by = actor
    with transaction.atomic(durable=True):
        complaint.save()
        audit.record(
            action=Action.COMPLAINT_LOGGED,
            actor=actor,
            target_ref=complaint.reference,
            details={"channel": channel},
        )
    return complaint


def complaint_assign(*, actor: User, complaint: Complaint, assignee: User) -> Complaint:
    if not permissions.may_be_assigned(assignee):
        raise ValidationError({"assignee": "Choose an active admin to look into it."})

    def change(row, _source):
        row.assigned_to = assignee

    with transaction.atomic(durable=True):
        return COMPLAINT_MACHINE.advance(
            complaint,
            actor=actor,
            action="assign",
            audit_action=Action.COMPLAINT_ASSIGNED,
            target_ref=complaint.reference,
            details={"assignee": assignee.get_username()},
            change=change,
        )


def complaint_link_client(
    *,
    actor: User,
    complaint: Complaint,
    client: Client,
    made_by: str,
    young_person_competence: str = "",
    young_person_wishes: str = "",
) -> Complaint:
    """The admin records that the person complaining is a client, or acts for one. A parent
    complaining for a young person: the young person's ability to decide is recorded as for
    a subject access request (`subject_access.children`)."""
    if made_by not in Requester.values:
        raise ValidationError({"made_by": "Say who made the complaint."})
    wishes = young_person_wishes.strip()
    children.young_person_rules(
        client,
        received_on=complaint.received_on,
        nation=PracticeProfile.load().nation,
        requester=made_by,
        competence=young_person_competence,
        wishes=wishes,
    )

    def change(row, _source):
        row.record_ref = client.record_ref
        row.made_by = made_by
        row.young_person_competence = young_person_competence
        row.set_young_person_wishes(wishes)

    with transaction.atomic(durable=True):
        return COMPLAINT_MACHINE.advance(
            complaint,
            actor=actor,
            action="link_client",
            audit_action=Action.COMPLAINT_LINKED,
            target_ref=client.record_ref,
            details={"complaint": complaint.reference, "made_by": made_by},
            change=change,
        )


def complaint_note_add(
    *, actor: User, complaint: Complaint, kind: str, body: str, written_on: date | None = None
) -> ComplaintNote:
    """An investigation note, or the record of an update sent to the person (s.164A(5)(b))."""
    if kind not in NoteKind.values:
        raise ValidationError({"kind": "Choose what kind of note this is."})
    text = checked_text("body", body, limit=NOTE_MAX, required="Write the note.")
    today = timezone.localdate()
    written_on = written_on or today
    not_after("written_on", written_on, today=today, what="The date")
    if written_on < complaint.received_on:
        raise ValidationError({"written_on": "The date cannot be before the complaint arrived."})
    with transaction.atomic(durable=True):
        fresh = COMPLAINT_MACHINE.advance(
            complaint,
            actor=actor,
            action="add_note",
            audit_action=Action.COMPLAINT_NOTE_ADDED,
            target_ref=complaint.reference,
            details={"kind": kind},
        )
        note = ComplaintNote(complaint=fresh, kind=kind, written_on=written_on, written_by=actor)
        note.set_body(text)
        note.save()
    return note
