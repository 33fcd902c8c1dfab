"""What is in the databases: ciphertext for notes, identity only in the identity tables."""

from datetime import time

import pytest
from django.apps import apps
from django.db import connections
from django.utils import timezone

from practice import datamap
from practice.fields import EncryptedTextField
from practice.models import AuditEvent
from practice.routers import identity_alias
from records import services
from tests.conftest import case_file_of, make_client

NOTE_MARKER = "Zanzibarquux felt the lighthouse dream again"
ADDENDUM_MARKER = "Quillfeather correction about Thursday"
STATEMENT_MARKER = "Gorsemoor says the note is wrong"
REASON_MARKER = "Urgentmarker crisis first meeting"
NAME_MARKERS = ["Wilhelmina", "Xylophonesmith", "wilhelmina.x@example.invalid", "07700 900123"]
# A complaint's free text (rights.Complaint, ComplaintNote, ComplaintLetter): its own key.
COMPLAINT_MARKERS = [
    "Quenbyfarthing",  # the complainant's name
    "quenby@example.invalid",  # how to reply
    "Marrowlantern letter went astray",  # what it is about
    "Ospreyquill checked the post book",  # an investigation note
    "Tamarindcove apologised and fixed it",  # the outcome
    "Vellichorn is twelve and agrees",  # a young person's wishes
]
# A breach's free text (rights.Breach): its own key, like a complaint's.
BREACH_MARKERS = [
    "Brackenwhisper laptop left on the tram",  # what happened
    "Cindertoffee words for the client",  # what an affected client reads
    "Driftmallow could read the diary",  # the risk assessment
    "Emberquartz reasons for reporting",  # the reasons for the decision
    "Fennelgrove found it on a Sunday",  # the reasons for the delay
    "Gloamrook letter to each person",  # how the people were told
    "Hollowbrine wiped the laptop remotely",  # what was done
    "Ironpetal we wiped the laptop",  # what was done, for a client
]


def _dump(alias: str, *, skip_prefix: str | None = None) -> dict[str, str]:
    """Every row of every table in one database, as text."""
    connection = connections[alias]
    tables = connection.introspection.table_names()
    dumped = {}
    with connection.cursor() as cursor:
        for table in tables:
            if skip_prefix and table.startswith(skip_prefix):
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            dumped[table] = "\n".join(repr(row) for row in cursor.fetchall())
    return dumped


@pytest.fixture
def journey(therapist):
    client = make_client(
        therapist,
        consent=False,
        given_name="Wilhelmina",
        family_name="Xylophonesmith",
        email="wilhelmina.x@example.invalid",
        phone="07700 900123",
    )
    case_file = case_file_of(client)
    session = services.session_save(
        actor=therapist,
        case_file=case_file,
        date=timezone.localdate(),
        start_time=time(9),
        duration_minutes=50,
        modality="in_person",
        attendance="attended",
    )
    note = services.note_create(
        actor=therapist,
        case_file=case_file,
        session=session,
        body=NOTE_MARKER,
        override_reason=REASON_MARKER,
    )
    note = services.note_sign(actor=therapist, note=note, expected_version=note.version)
    services.addendum_add(actor=therapist, note=note, body=ADDENDUM_MARKER)
    services.addendum_add(
        actor=therapist, note=note, body=STATEMENT_MARKER, kind="client_statement"
    )
    services.notes_reveal(actor=therapist, case_file=case_file, notes=[note])
    _complaint_with_markers(client)
    _breach_with_markers(case_file)
    return client


def _breach_with_markers(case_file):
    from datetime import timedelta

    from rights import services as rights_services
    from tests.conftest import make_staff

    admin = make_staff("breach-admin", "admin")
    m = BREACH_MARKERS
    breach = rights_services.breach_record(
        actor=admin,
        discovered_at=timezone.now() - timedelta(hours=80),
        what_happened=m[0],
        for_client=m[1],
        people_affected=1,
    )
    rights_services.breach_records_add(
        actor=admin, breach=breach, record_refs=[case_file.record_ref]
    )
    breach = rights_services.breach_assess(
        actor=admin,
        breach=breach,
        risk="high",
        assessment=m[2],
        notify_ico=True,
        notify_people=True,
        reasons=m[3],
    )
    breach = rights_services.breach_ico_notify(
        actor=admin,
        breach=breach,
        notified_at=timezone.now(),
        ico_reference="ICO-REF-1",
        late_reasons=m[4],
    )
    rights_services.breach_people_notify(
        actor=admin, breach=breach, notified_on=timezone.localdate(), how=m[5]
    )
    rights_services.breach_remediate(
        actor=admin, breach=breach, remediation=m[6], done_for_client=m[7]
    )


def _complaint_with_markers(client):
    from rights import services as rights_services
    from tests.conftest import make_staff

    admin = make_staff("desk-admin", "admin")
    complaint = rights_services.complaint_submit(
        name="Ms Quenbyfarthing",
        contact="quenby@example.invalid",
        about="The Marrowlantern letter went astray",
    )
    rights_services.complaint_link_client(
        actor=admin,
        complaint=complaint,
        client=client,
        made_by="client",
        young_person_wishes="Vellichorn is twelve and agrees",
    )
    rights_services.complaint_acknowledge(actor=admin, complaint=complaint)
    rights_services.complaint_note_add(
        actor=admin,
        complaint=complaint,
        kind="investigation",
        body="Ospreyquill checked the post book",
    )
    rights_services.complaint_close(
        actor=admin, complaint=complaint, outcome="Tamarindcove apologised and fixed it"
    )


def test_records_database_holds_no_note_text_and_no_identity(journey):
    split = identity_alias() != "default"
    tables = _dump("default", skip_prefix=None if split else "clients_")
    everything = "\n".join(tables.values())
    markers = [NOTE_MARKER, ADDENDUM_MARKER, STATEMENT_MARKER, REASON_MARKER, *NAME_MARKERS]
    for marker in [*markers, *COMPLAINT_MARKERS, *BREACH_MARKERS]:
        assert marker not in everything, marker
    # the words themselves, not just the sentences
    for word in ("Zanzibarquux", "lighthouse", "Quillfeather", "Urgentmarker"):
        assert word not in everything, word
    for word in ("Quenbyfarthing", "Marrowlantern", "Ospreyquill", "Tamarindcove", "Vellichorn"):
        assert word not in everything, word


def test_identity_tables_hold_no_note_text(journey):
    tables = _dump(identity_alias())
    identity = "\n".join(text for name, text in tables.items() if name.startswith("clients_"))
    assert "Wilhelmina" in identity  # the identity really is here
    for word in ("Zanzibarquux", "Quillfeather", "Urgentmarker"):
        assert word not in identity
    for marker in BREACH_MARKERS:
        assert marker.split()[0] not in identity


def test_audit_trail_holds_no_client_content(journey):
    trail = "\n".join(repr(row) for row in AuditEvent.objects.values_list())
    for marker in ["Zanzibarquux", "Quillfeather", "Urgentmarker", *NAME_MARKERS]:
        assert marker not in trail
    for marker in [*COMPLAINT_MARKERS, *BREACH_MARKERS]:
        assert marker not in trail


def test_records_models_do_not_link_to_clients():
    for model in apps.get_app_config("records").get_models():
        for field in model._meta.get_fields():
            related = getattr(field, "related_model", None)
            assert related is None or related._meta.app_label != "clients", field


# What disposal deliberately leaves: a reference, dates, who and counts, no identity.
KEPT_AFTER_DISPOSAL = {"records.Tombstone"}
# The practice's own record of an incident (the breach register, UK GDPR Art. 33(5)): its
# encrypted text is about the breach, not one client; it reaches each client it touched
# through `rights.BreachRecord` (registered), which is what the answer and disposal walk.
ABOUT_AN_INCIDENT = {"rights.Breach"}


def _models_reaching_a_client() -> set[str]:
    """Follow the foreign-key graph out from everything that holds a record reference, a
    case-file link or encrypted text: a model pointing at one of those reaches a client too."""
    reaching = {
        model
        for model in apps.get_models()
        if "record_ref" in {f.name for f in model._meta.concrete_fields}
        or any(isinstance(f, EncryptedTextField) for f in model._meta.get_fields())
    }
    grown = True
    while grown:
        grown = False
        for model in apps.get_models():
            if model in reaching:
                continue
            if any(
                f.is_relation and f.concrete and f.related_model in reaching
                for f in model._meta.concrete_fields
            ):
                reaching.add(model)
                grown = True
    # Reaches a record by a reference column of another name: the audit trail's target.
    labels = {model._meta.label for model in reaching} | {"practice.AuditEvent"}
    return labels - KEPT_AFTER_DISPOSAL - ABOUT_AN_INCIDENT


def missing_from_the_data_map() -> set[str]:
    return _models_reaching_a_client() - {entry.label for entry in datamap.registered()}


def test_every_model_holding_client_data_is_in_the_data_map():
    assert not missing_from_the_data_map()
    assert {"records.Addendum", "clients.ParentalResponsibility", "practice.AuditEvent"} <= {
        entry.label for entry in datamap.registered()
    }


@pytest.mark.parametrize("label", sorted(entry.label for entry in datamap.registered()))
def test_removing_any_registration_fails_the_coverage_check(label):
    entry = datamap.entry_for(apps.get_model(label))
    datamap.unregister(entry.model)
    try:
        assert label in missing_from_the_data_map()
    finally:
        datamap._registry[label] = entry
