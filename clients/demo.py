"""Demo clients for `make run`: plainly fictional people, sessions and signed notes."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.utils import timezone

from clients import services
from clients.models import ADULT_AGE
from practice.demo import DemoPractice
from records import selectors as record_selectors
from records import services as record_services
from records.models import CaseFile

DEMO_CLIENTS = {
    "therapist": [
        (
            "Ada",
            "Example",
            "she/her",
            "Talked through the week. Sleep a little better since "
            "the new routine; still finds Sunday evenings hard. Agreed to keep the short diary.",
        ),
        (
            "Ben",
            "Sample",
            "he/him",
            "Explored the argument with his brother and what it "
            "stirred up. Named feeling overlooked. Will notice when that feeling shows up at work.",
        ),
        (
            "Cleo",
            "Placeholder",
            "they/them",
            "First review session. Goals: fewer panic "
            "spells on the bus, more confidence in meetings. Happy with progress so far.",
        ),
    ],
    "therapist2": [
        (
            "Dev",
            "Fictional",
            "he/him",
            "Grief work: looked at photos he brought in. Tearful "
            "but steady. Plans to visit the coast on the anniversary with a friend.",
        ),
        (
            "Eve",
            "Madeup",
            "she/her",
            "Discussed returning to study. Weighing part-time "
            "options. Noticed old self-critical voice; practised answering it kindly.",
        ),
    ],
}


# A former client whose records are past the retention period, so that
# `python manage.py dispose_due --dry-run` has something to list on the demo practice.
FORMER_CLIENT = (
    "Fern",
    "Longago",
    "Last session. Looked back over the year of work and what has changed; "
    "ready to finish. Knows the door is open if things get hard again.",
)


def _years_before(day: date, years: int) -> date:
    return day.replace(year=day.year - years, day=min(day.day, 28))


def seed_former_client(demo: DemoPractice) -> None:
    therapist = demo.staff["therapist2"]
    today = timezone.localdate()
    given, family, note_text = FORMER_CLIENT
    client = services.client_create(
        actor=therapist,
        values={
            "given_name": given,
            "family_name": family,
            "email": "fern@example.invalid",
            "phone": "01632 960999",
            "age_if_no_birth_date": ADULT_AGE,  # no date of birth given: "18 or over"
            "preferred_contact": "email",
            "status": "active",
        },
    )
    opened = _years_before(today, 9)
    CaseFile.objects.filter(record_ref=client.record_ref).update(opened_on=opened)  # back-dated
    case_file = record_selectors.case_file_by_ref(client.record_ref)
    record_services.records_consent_record(actor=therapist, case_file=case_file, given_on=opened)
    last = opened + timedelta(days=120)
    session = record_services.session_save(
        actor=therapist,
        case_file=case_file,
        date=last,
        start_time=time(15, 0),
        duration_minutes=50,
        modality="in_person",
        attendance="attended",
    )
    note = record_services.note_create(
        actor=therapist, case_file=case_file, session=session, body=note_text
    )
    record_services.note_sign(actor=therapist, note=note, expected_version=note.version)
    services.client_end_therapy(actor=therapist, client=client, last_contact_on=last)


def seed_clients(demo: DemoPractice) -> None:
    today = timezone.localdate()
    for username, people in DEMO_CLIENTS.items():
        therapist = demo.staff[username]
        for index, (given, family, pronouns, note_text) in enumerate(people):
            client = services.client_create(
                actor=therapist,
                values={
                    "given_name": given,
                    "family_name": family,
                    "pronouns": pronouns,
                    "email": f"{given.lower()}@example.invalid",
                    "date_of_birth": date(1979 + 3 * index, 4 + index, 12),
                    "preferred_contact": "email",
                    "message_guidance": "First name only; do not mention counselling.",
                    "status": "active",
                },
            )
            case_file = record_selectors.case_file_by_ref(client.record_ref)
            record_services.records_consent_record(
                actor=therapist, case_file=case_file, given_on=today - timedelta(days=30)
            )
            for week in (3, 2, 1):
                session = record_services.session_save(
                    actor=therapist,
                    case_file=case_file,
                    date=today - timedelta(weeks=week, days=index),
                    start_time=time(10 + index, 0),
                    duration_minutes=50,
                    modality="in_person" if week != 2 else "video",
                    attendance="attended",
                )
                note = record_services.note_create(
                    actor=therapist,
                    case_file=case_file,
                    session=session,
                    body=f"Week {4 - week}. {note_text}",
                )
                record_services.note_sign(actor=therapist, note=note, expected_version=note.version)
    seed_former_client(demo)
