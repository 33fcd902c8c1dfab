"""Recording a session, and the last contact (and retention) it moves."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from practice import audit
from practice.models import User
from records import retention
from records.audit_actions import Action
from records.models import CaseFile, Session
from records.services.common import locked_case_file, require_writable

FUTURE_LIMIT = timedelta(days=366)


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
    require_writable(actor, case_file)
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
    with transaction.atomic(durable=True):
        case_file = locked_case_file(case_file)
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
