"""Every write to case files, sessions and notes; each audited in its own transaction.

Views, commands, the demo seeder and tests all call these functions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from practice import audit, keyring
from practice.actors import SystemActor
from practice.fields import MAX_PLAINTEXT
from practice.models import User
from practice.permissions import is_system
from records import permissions, retention
from records.audit_actions import Action
from records.models import Addendum, CaseFile, Note, RecordsConsent, Session

FUTURE_LIMIT = timedelta(days=366)


class StaleDraft(Exception):
    """The draft changed since the editor opened it; nothing was saved."""


def _require_owner(actor: User, case_file: CaseFile) -> None:
    if not permissions.is_own_case_file(actor, case_file):
        raise PermissionDenied("Only the client's own therapist can change this record.")


def _check_text(text: str, *, limit: int, label: str) -> str:
    if not text.strip():
        raise ValidationError(f"The {label} is empty.")
    if len(text) > limit:
        raise ValidationError(
            f"The {label} is {len(text):,} characters long; the limit is {limit:,}. "
            "Keep records to what is necessary, or split it."
        )
    if "\x00" in text:
        raise ValidationError(f"The {label} contains a character that cannot be stored.")
    return text


def case_file_open(
    *,
    actor: User,
    therapist: User,
    opened_on: date | None = None,
) -> CaseFile:
    """A therapist opens a case file in their own caseload."""
    if not permissions.is_own_client(actor, therapist_id=therapist.pk):
        raise PermissionDenied("A therapist opens case files in their own caseload only.")
    with transaction.atomic():
        case_file = CaseFile(therapist=therapist, opened_on=opened_on or timezone.localdate())
        case_file.wrapped_key = keyring.wrap_data_key(
            keyring.new_data_key(), owner=case_file.record_ref
        )
        case_file.save()
        audit.record(
            action=Action.CASE_FILE_OPENED,
            actor=actor,
            target_ref=case_file.record_ref,
        )
    return case_file


def _locked(case_file: CaseFile) -> CaseFile:
    return CaseFile.objects.select_for_update().get(pk=case_file.pk)


def _at(on: date) -> datetime:
    """A date a person gives, as a time: now if it is today, else midday that day."""
    if on == timezone.localdate():
        return timezone.now()
    return datetime.combine(on, time(12, 0), tzinfo=timezone.get_current_timezone())


def records_consent_record(
    *,
    actor: User,
    case_file: CaseFile,
    given_on: date,
    source: str = "recorded_by_therapist",
) -> CaseFile:
    _require_owner(actor, case_file)
    if given_on > timezone.localdate():
        raise ValidationError("Consent cannot be dated in the future.")
    return _consent_step(
        case_file,
        to=RecordsConsent.GIVEN,
        at=_at(given_on),
        source=source,
        actor=actor,
        details={},
    )


def records_consent_decline(
    *,
    actor: User,
    case_file: CaseFile,
    declined_on: date,
    source: str = "recorded_by_therapist",
    agreement_ref: str = "",
) -> CaseFile:
    """The therapist records that the client declined (e.g. the box left unticked on paper):
    no note can be written, even with an urgent reason, until the client gives consent."""
    _require_owner(actor, case_file)
    if declined_on > timezone.localdate():
        raise ValidationError("The date cannot be in the future.")
    return _consent_step(
        case_file,
        to=RecordsConsent.DECLINED,
        at=_at(declined_on),
        source=source,
        actor=actor,
        details={"agreement": agreement_ref} if agreement_ref else {},
    )


def _consent_step(
    case_file: CaseFile,
    *,
    to: str,
    at: datetime,
    source: str,
    details: dict,
    actor: User | None = None,
    actor_label: str = "",
) -> CaseFile:
    """Records consent given (clearing any withdrawal or decline) or declined, audited in
    the same transaction."""
    with transaction.atomic():
        case_file = _locked(case_file)
        case_file.records_consent = to
        case_file.records_consent_source = source
        if to == RecordsConsent.GIVEN:
            action = Action.CONSENT_RECORDED
            case_file.records_consent_at = at
            case_file.records_consent_withdrawn_at = None
            case_file.records_consent_declined_at = None
        else:
            action = Action.CONSENT_DECLINED
            case_file.records_consent_declined_at = at
        case_file.save()
        audit.record(
            action=action,
            actor=actor,
            actor_label=actor_label,
            target_ref=case_file.record_ref,
            details={"source": source, **details},
        )
    return case_file


def records_consent_withdraw(*, actor: User, case_file: CaseFile) -> CaseFile:
    """Consent that was given is withdrawn; nothing else can be withdrawn."""
    _require_owner(actor, case_file)
    with transaction.atomic():
        case_file = _locked(case_file)
        if case_file.consent_withdrawn:
            return case_file
        if not case_file.has_records_consent:
            raise ValidationError(
                "There is no records consent to withdraw: the client has not given it."
            )
        case_file.records_consent = RecordsConsent.WITHDRAWN
        case_file.records_consent_withdrawn_at = timezone.now()
        case_file.save()
        audit.record(
            action=Action.CONSENT_WITHDRAWN,
            actor=actor,
            target_ref=case_file.record_ref,
        )
    return case_file


def case_file_close(*, actor: User, case_file: CaseFile, last_contact_on: date) -> CaseFile:
    _require_owner(actor, case_file)
    today = timezone.localdate()
    if last_contact_on > today:
        raise ValidationError("The last contact cannot be in the future.")
    with transaction.atomic():
        case_file = _locked(case_file)
        case_file.last_contact_on = last_contact_on
        case_file.closed_on = today
        case_file.save()
        retention.case_file_retention_refresh(case_file=case_file)
        audit.record(
            action=Action.CASE_FILE_CLOSED,
            actor=actor,
            target_ref=case_file.record_ref,
        )
    return case_file


def session_save(
    *,
    actor: User,
    case_file: CaseFile,
    session: Session | None = None,
    date: date,
    start_time: time,
    duration_minutes: int,
    modality: str,
    attendance: str,
) -> Session:
    _require_owner(actor, case_file)
    today = timezone.localdate()
    if date > today + FUTURE_LIMIT:
        raise ValidationError({"date": "That date is more than a year ahead. Check the year."})
    if date < case_file.opened_on - timedelta(days=366):
        raise ValidationError({"date": "That date is long before this case file was opened."})
    if date > today and attendance != Session.Attendance.CANCELLED:
        raise ValidationError(
            {"attendance": "A session in the future can only be recorded as cancelled."}
        )
    if not 5 <= duration_minutes <= 480:
        raise ValidationError({"duration_minutes": "Give a length between 5 and 480 minutes."})
    with transaction.atomic():
        case_file = _locked(case_file)
        if refusal := case_file.session_refusal():
            raise ValidationError(refusal)
        created = session is None
        session = session or Session(case_file=case_file)
        if session.case_file_id != case_file.pk:
            raise PermissionDenied
        session.date, session.start_time = date, start_time
        session.duration_minutes, session.modality = duration_minutes, modality
        session.attendance = attendance
        session.full_clean(exclude=["case_file"])
        session.save()
        attended = case_file.sessions.filter(attendance=Session.Attendance.ATTENDED)
        latest = attended.order_by("-date").values_list("date", flat=True).first()
        if latest != case_file.last_contact_on and case_file.closed_on is None:
            case_file.last_contact_on = latest
            case_file.save(update_fields=["last_contact_on"])
        elif latest and case_file.last_contact_on and latest > case_file.last_contact_on:
            # A session recorded after therapy ended moves the last contact, and with it
            # the retention date.
            case_file.last_contact_on = latest
            case_file.save(update_fields=["last_contact_on"])
            retention.case_file_retention_refresh(case_file=case_file)
        audit.record(
            action=Action.SESSION_SAVED,
            actor=actor,
            target_ref=case_file.record_ref,
            details={"session": str(session.ref), "created": created},
        )
    return session


def note_create(
    *,
    actor: User,
    case_file: CaseFile,
    body: str,
    session: Session | None = None,
    override_reason: str = "",
) -> Note:
    _require_owner(actor, case_file)
    _check_text(body, limit=MAX_PLAINTEXT, label="note")
    if session is not None and session.case_file_id != case_file.pk:
        raise ValidationError({"session": "That session belongs to another record."})
    with transaction.atomic():
        case_file = _locked(case_file)
        refusal = case_file.note_refusal(with_reason=bool(override_reason.strip()))
        if refusal:
            raise ValidationError(refusal)
        without_consent = not case_file.has_records_consent
        if without_consent and case_file.may_override_consent:
            _check_text(override_reason, limit=2000, label="reason")
            case_file.consent_override_at = timezone.now()
            case_file.set_consent_override_reason(override_reason)
            case_file.save()
            audit.record(
                action=Action.CONSENT_OVERRIDE,
                actor=actor,
                target_ref=case_file.record_ref,
            )
        note = Note(
            case_file=case_file,
            session=session,
            author=actor,
            written_without_consent=without_consent,
        )
        note.set_body(body)
        note.save()
        audit.record(
            action=Action.NOTE_CREATED,
            actor=actor,
            target_ref=case_file.record_ref,
            details={"note": str(note.ref), "without_consent": without_consent},
        )
    return note


def _locked_note(note: Note, expected_version: int) -> Note:
    locked = Note.objects.select_for_update().select_related("case_file").get(pk=note.pk)
    if locked.is_signed:
        raise ValidationError("This note is signed and locked. Add an addendum instead.")
    if locked.version != expected_version:
        raise StaleDraft(
            "This draft was changed elsewhere (another tab or window) after you opened it, "
            "so your text was not saved. Copy your text, reload the note, and merge."
        )
    return locked


def note_save_draft(
    *,
    actor: User,
    note: Note,
    body: str,
    expected_version: int,
    session: Session | None = None,
) -> Note:
    _require_owner(actor, note.case_file)
    _check_text(body, limit=MAX_PLAINTEXT, label="note")
    if session is not None and session.case_file_id != note.case_file_id:
        raise ValidationError({"session": "That session belongs to another record."})
    with transaction.atomic():
        note = _locked_note(note, expected_version)
        note.session = session
        note.version += 1
        note.set_body(body)  # after the version moves: the ciphertext is bound to it
        note.save()
        audit.record(
            action=Action.NOTE_SAVED,
            actor=actor,
            target_ref=note.case_file.record_ref,
            details={"note": str(note.ref), "version": note.version},
        )
    return note


def note_sign(
    *,
    actor: User,
    note: Note,
    expected_version: int,
    body: str | None = None,
) -> Note:
    """Sign a draft (saving `body` first when given): it is locked from then on."""
    _require_owner(actor, note.case_file)
    if body is not None:
        _check_text(body, limit=MAX_PLAINTEXT, label="note")
    with transaction.atomic():
        note = _locked_note(note, expected_version)
        if body is None:
            body = note.get_body()
        note.status = Note.Status.SIGNED
        note.signed_at = timezone.now()
        note.version += 1
        note.set_body(body)  # re-bound to the signed state and its version
        note.save()
        audit.record(
            action=Action.NOTE_SIGNED,
            actor=actor,
            target_ref=note.case_file.record_ref,
            details={"note": str(note.ref)},
        )
    return note


def addendum_add(*, actor: User, note: Note, body: str) -> Addendum:
    _require_owner(actor, note.case_file)
    _check_text(body, limit=20_000, label="addendum")
    with transaction.atomic():
        note = Note.objects.select_for_update().select_related("case_file").get(pk=note.pk)
        if not note.is_signed:
            raise ValidationError("Edit the draft directly; addenda are for signed notes.")
        addendum = Addendum(note=note, author=actor)
        addendum.set_body(body)
        addendum.save()
        audit.record(
            action=Action.ADDENDUM_ADDED,
            actor=actor,
            target_ref=note.case_file.record_ref,
            details={"note": str(note.ref), "addendum": str(addendum.ref)},
        )
    return addendum


@dataclass
class RevealedNote:
    note: Note
    body: str
    addenda: list[tuple[Addendum, str]]
    error: str = ""


def notes_reveal(
    *,
    actor: User,
    case_file: CaseFile,
    notes: Iterable[Note],
    for_request: str | None = None,
) -> list[RevealedNote]:
    """Decrypt notes for their therapist, recording the read first.

    The audit event is written before anything is decrypted: if it cannot be written,
    nothing is shown. A note that fails to decrypt is shown as an error, never as text.
    `for_request`: the disclosure request the notes are read for (choosing passages to
    quote), named in the event so the read belongs to the request wherever the client-facing
    rule holds the request back.
    """
    _require_owner(actor, case_file)
    notes = list(notes)
    if not notes:
        return []
    with transaction.atomic():
        audit.record(
            action=Action.NOTES_VIEWED,
            actor=actor,
            target_ref=case_file.record_ref,
            details={
                "notes": [str(note.ref) for note in notes],
                **({"request": for_request} if for_request else {}),
            },
        )
    revealed = []
    for note in notes:
        note.case_file = case_file  # share the unwrapped data key
        try:
            body = note.get_body()
            addenda = []
            for addendum in note.addenda.all():
                addendum.note = note
                addenda.append((addendum, addendum.get_body()))
            revealed.append(RevealedNote(note, body, addenda))
        except keyring.KeyringError as error:
            revealed.append(RevealedNote(note, "", [], error=str(error)))
    return revealed


def data_keys_rotate(
    *,
    actor: SystemActor,
    batch_size: int = 200,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Re-wrap every case file's data key under the primary key-encryption key.

    Only the installation does this (the `rotate_keys` command): no person's request."""
    if not is_system(actor):
        raise PermissionDenied("Keys are rotated by the rotate_keys command only.")
    total = CaseFile.objects.count()
    counts = {"total": total, "rewrapped": 0, "already_current": 0, "shredded": 0}
    primary = keyring.keyring().primary_id
    last_pk = 0
    done = 0
    while True:
        with transaction.atomic():
            batch = list(
                CaseFile.objects.select_for_update()
                .filter(pk__gt=last_pk)
                .order_by("pk")[:batch_size]
            )
            if not batch:
                break
            for case_file in batch:
                if not case_file.wrapped_key:
                    counts["shredded"] += 1
                elif keyring.wrapped_key_id(case_file.wrapped_key) == primary:
                    counts["already_current"] += 1
                else:
                    case_file.wrapped_key = keyring.rewrap_data_key(
                        case_file.wrapped_key, owner=case_file.record_ref
                    )
                    case_file.save(update_fields=["wrapped_key"])
                    counts["rewrapped"] += 1
            last_pk = batch[-1].pk
        done += len(batch)
        if progress:
            progress(done, total)
    with transaction.atomic():
        audit.record(action=Action.KEYS_ROTATED, actor=actor, details={**counts, "key": primary})
    return counts


def records_consent_from_agreement(
    *,
    case_file: CaseFile,
    given: bool,
    source: str,
    agreement_ref: str = "",
) -> CaseFile:
    """The client's own choice about keeping records, made through a signing link: given,
    or declined by leaving the box unticked.

    No staff member acts, so there is no actor: the caller (contracting) has already
    checked the single-use link that proves who is choosing."""
    return _consent_step(
        case_file,
        to=RecordsConsent.GIVEN if given else RecordsConsent.DECLINED,
        at=timezone.now(),
        source=source,
        actor_label="client",
        details={"agreement": agreement_ref},
    )


def case_files_transfer(*, actor: User, from_therapist: User, to_therapist: User) -> list[CaseFile]:
    """Give every case file of `from_therapist` to `to_therapist`, one audit event each.

    A piece of `clients.services.caseload_transfer`: it runs inside that transaction."""
    with transaction.atomic():
        case_files = list(
            CaseFile.objects.select_for_update().filter(therapist=from_therapist).order_by("pk")
        )
        CaseFile.objects.filter(pk__in=[cf.pk for cf in case_files]).update(therapist=to_therapist)
        for case_file in case_files:
            audit.record(
                action=Action.CASE_FILE_TRANSFERRED,
                actor=actor,
                target_ref=case_file.record_ref,
                details={"from": str(from_therapist.ref), "to": str(to_therapist.ref)},
            )
    return case_files
