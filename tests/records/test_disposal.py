"""Disposal: the key first, then every row in both databases, a tombstone, and refusals."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.db.models.signals import post_delete
from django.utils import timezone

from clients import selectors as client_selectors
from clients import services as client_services
from clients.models import Client
from practice import datamap, keyring
from practice.models import AuditEvent
from practice.routers import identity_alias
from records import disposal, holds
from records import services as record_services
from records.audit_actions import Action
from records.models import CaseFile, LegalHold, Note, Tombstone
from tests.conftest import case_file_of, make_client
from tests.contracting.builders import make_agreement
from tests.test_data_at_rest import _dump

NAME_MARKERS = ["Ottoline", "Quarrendon", "ottoline.q@example.invalid", "07700 900777"]
PARENT_MARKERS = ["Peregrina Quarrendon", "peregrina@example.invalid"]
NOTE_WORDS = ["Vorpalblade", "Snickersnack", "Tumtumtree", "Jubjubbird"]


def _everything_in_both_databases() -> str:
    aliases = {"default", identity_alias()}
    return "\n".join(text for alias in aliases for text in _dump(alias).values())


def _client_with_everything(therapist, *, last_contact: date | None = date(2015, 3, 1)):
    """A client with identity, a parent, a session, a signed note with an addendum, an
    agreement and a lifted legal hold; therapy ended long ago (due) unless told otherwise."""
    client = make_client(
        therapist,
        given_name="Ottoline",
        family_name="Quarrendon",
        email="ottoline.q@example.invalid",
        phone="07700 900777",
        address="3 Borogove Lane",
    )
    client_services.parent_add(
        actor=therapist,
        client=client,
        values={
            "name": "Peregrina Quarrendon",
            "relationship": "Mother",
            "email": "peregrina@example.invalid",
        },
    )
    case_file = case_file_of(client)
    session = record_services.session_save(
        actor=therapist,
        case_file=case_file,
        date=timezone.localdate(),
        start_time=time(9),
        duration_minutes=50,
        modality="in_person",
        attendance="attended",
    )
    note = record_services.note_create(
        actor=therapist,
        case_file=case_file,
        session=session,
        body="Vorpalblade dream again; Snickersnack at work.",
    )
    note = record_services.note_sign(actor=therapist, note=note, expected_version=note.version)
    record_services.addendum_add(actor=therapist, note=note, body="Tumtumtree correction.")
    make_agreement(therapist, client)
    if last_contact is not None:
        client_services.client_end_therapy(
            actor=therapist, client=client, last_contact_on=last_contact
        )
    return client


def _hold(admin_user, client, kind=LegalHold.Kind.COMPLAINT, details=""):
    return holds.legal_hold_place(
        actor=admin_user, case_file=case_file_of(client), kind=kind, details=details
    )


def test_disposal_leaves_nothing_of_the_client_in_either_database(therapist, admin_user):
    client = _client_with_everything(therapist)
    hold = _hold(admin_user, client, details="Jubjubbird complaint reference")
    holds.legal_hold_lift(actor=admin_user, hold=hold)
    ref = client.record_ref
    before = _everything_in_both_databases()
    assert "Ottoline" in before  # the identity really was there

    outcomes = disposal.dispose_due(actor=admin_user)

    assert [(o.record_ref, o.refused) for o in outcomes] == [(ref, "")]
    everything = _everything_in_both_databases()
    for marker in [*NAME_MARKERS, *PARENT_MARKERS, *NOTE_WORDS, "Borogove"]:
        assert marker not in everything, marker
    assert disposal.rows_of(ref) == {}
    tombstone = Tombstone.objects.get(record_ref=ref)
    assert tombstone.is_complete
    assert tombstone.confirmed_by == admin_user
    assert tombstone.reason == Tombstone.Reason.RETENTION_ENDED
    assert tombstone.retain_until == date(2022, 3, 1)
    assert tombstone.policy_applied == "7 years after last contact"
    assert tombstone.counts == {
        "clients.Client": 1,
        "clients.ParentalResponsibility": 1,
        "contracting.Agreement": 1,
        "contracting.AgreementDocument": 2,
        "records.Addendum": 1,
        "records.CaseFile": 1,
        "records.LegalHold": 1,
        "records.Note": 1,
        "records.Session": 1,
    }
    actions = list(AuditEvent.objects.filter(target_ref=ref).values_list("action", flat=True))
    assert Action.DISPOSAL_STARTED in actions and Action.DISPOSED in actions


def test_a_kept_copy_of_a_ciphertext_no_longer_decrypts(therapist, admin_user):
    client = _client_with_everything(therapist)
    note = Note.objects.get(case_file__record_ref=client.record_ref)
    aad = Note._meta.get_field("body").associated_data(note)
    kept_ciphertext = note.body  # e.g. in a copy of the table taken before disposal
    assert "Vorpalblade" in note.get_body()

    disposal.dispose_due(actor=admin_user)

    stored_keys = CaseFile.objects.filter(record_ref=client.record_ref).values_list(
        "wrapped_key", flat=True
    )
    assert list(stored_keys) == []  # no copy of the data key is left anywhere
    with pytest.raises(keyring.DecryptionError, match="missing"):
        keyring.unwrap_data_key("", owner=client.record_ref)
    with pytest.raises(keyring.DecryptionError):  # and no other key opens the text
        keyring.decrypt(kept_ciphertext, data_key=keyring.new_data_key(), aad=aad)


def _fail_once(monkeypatch):
    def interrupted(tombstone, **kwargs):
        raise RuntimeError("process killed between the two steps")

    monkeypatch.setattr(disposal, "_delete_rows", interrupted)


def test_an_interrupted_disposal_leaves_nothing_readable_and_reruns_to_completion(
    therapist, admin_user, monkeypatch
):
    client = _client_with_everything(therapist)
    ref = client.record_ref
    real_delete_rows = disposal._delete_rows
    _fail_once(monkeypatch)

    with pytest.raises(RuntimeError):
        disposal.dispose_due(actor=admin_user)

    # In between: the key is gone, so nothing of the file can be read; the client is hidden.
    case_file = CaseFile.objects.get(record_ref=ref)
    assert case_file.is_shredded
    with pytest.raises(keyring.DecryptionError):
        Note.objects.get(case_file=case_file).get_body()
    assert Tombstone.objects.get(record_ref=ref).state == Tombstone.State.SHREDDED
    assert not client_selectors.clients_for(therapist).filter(record_ref=ref).exists()
    assert disposal.due_case_files() == []  # not offered again as "due": it is unfinished

    monkeypatch.setattr(disposal, "_delete_rows", real_delete_rows)
    outcomes = disposal.dispose_due(actor=admin_user)

    assert [o.record_ref for o in outcomes if o.tombstone] == [ref]
    assert Tombstone.objects.get(record_ref=ref).is_complete
    assert disposal.rows_of(ref) == {}
    everything = _everything_in_both_databases()
    for marker in [*NAME_MARKERS, *NOTE_WORDS]:
        assert marker not in everything
    assert AuditEvent.objects.filter(action=Action.DISPOSAL_STARTED, target_ref=ref).count() == 1


def test_a_held_file_is_never_disposed_of(therapist, admin_user):
    client = _client_with_everything(therapist)
    hold = _hold(admin_user, client, kind=LegalHold.Kind.COURT)

    outcomes = disposal.dispose_due(actor=admin_user)
    with pytest.raises(disposal.DisposalRefused, match="held.*court case"):
        disposal.case_file_dispose(
            actor=admin_user,
            case_file=case_file_of(client),
            reason=disposal.Reason.RETENTION_ENDED,
        )

    assert outcomes[0].refused.startswith("The case file is held")
    assert "placed by admin" in outcomes[0].refused
    assert not case_file_of(client).is_shredded
    assert "Vorpalblade" in Note.objects.get(case_file__record_ref=client.record_ref).get_body()
    assert not Tombstone.objects.exists()

    holds.legal_hold_lift(actor=admin_user, hold=hold)
    assert [o.record_ref for o in disposal.dispose_due(actor=admin_user) if o.tombstone] == [
        client.record_ref
    ]


def test_an_open_request_elsewhere_holds_the_file_automatically(therapist, admin_user):
    client = _client_with_everything(therapist)

    def open_requests(case_file):
        return ["An open subject access request"] if case_file.pk == held_pk else []

    held_pk = case_file_of(client).pk
    holds.register_source(open_requests, holding=lambda: Q(pk=held_pk))
    try:
        outcomes = disposal.dispose_due(actor=admin_user)
    finally:
        holds.unregister_source(open_requests)
    assert "An open subject access request" in outcomes[0].refused
    assert Client.objects.filter(record_ref=client.record_ref).exists()


def test_a_file_not_yet_due_is_refused(therapist, admin_user):
    recent = _client_with_everything(therapist, last_contact=timezone.localdate())
    still_open = _client_with_everything(therapist, last_contact=None)
    with pytest.raises(disposal.DisposalRefused, match="Not due yet"):
        disposal.case_file_dispose(
            actor=admin_user,
            case_file=case_file_of(recent),
            reason=disposal.Reason.RETENTION_ENDED,
        )
    with pytest.raises(disposal.DisposalRefused, match="Therapy has not ended"):
        disposal.case_file_dispose(
            actor=admin_user,
            case_file=case_file_of(still_open),
            reason=disposal.Reason.RETENTION_ENDED,
        )
    assert disposal.dispose_due(actor=admin_user) == []
    assert not Tombstone.objects.exists()


def test_the_last_day_of_retention_is_not_yet_due(therapist, admin_user):
    client = _client_with_everything(therapist, last_contact=date(2015, 3, 1))
    CaseFile.objects.filter(record_ref=client.record_ref).update(retain_until=timezone.localdate())
    assert disposal.due_case_files() == []
    CaseFile.objects.filter(record_ref=client.record_ref).update(
        retain_until=timezone.localdate() - timedelta(days=1)
    )
    assert len(disposal.due_case_files()) == 1


def test_only_an_admin_disposes_at_the_end_of_retention(therapist, admin_user):
    client = _client_with_everything(therapist)
    with pytest.raises(PermissionDenied):
        disposal.case_file_dispose(
            actor=therapist,
            case_file=case_file_of(client),
            reason=disposal.Reason.RETENTION_ENDED,
        )
    with pytest.raises(PermissionDenied):
        disposal.dispose_due(actor=therapist)


def test_a_client_added_by_mistake_is_removed_at_once(therapist, admin_user):
    client = make_client(therapist, given_name="Ottoline", family_name="Quarrendon")
    ref = client.record_ref

    client_services.client_remove_added_by_mistake(actor=therapist, client=client)

    tombstone = Tombstone.objects.get(record_ref=ref)
    assert tombstone.reason == Tombstone.Reason.ADDED_BY_MISTAKE
    assert tombstone.confirmed_by == therapist
    assert disposal.rows_of(ref) == {}
    assert "Quarrendon" not in _everything_in_both_databases()


def test_a_client_with_sessions_is_not_removed_as_a_mistake(therapist, admin_user):
    client = _client_with_everything(therapist, last_contact=None)
    with pytest.raises(disposal.DisposalRefused, match="sessions or notes"):
        client_services.client_remove_added_by_mistake(actor=therapist, client=client)
    with pytest.raises(PermissionDenied):  # nor by anyone but their therapist
        disposal.case_file_dispose(
            actor=admin_user,
            case_file=case_file_of(client),
            reason=disposal.Reason.ADDED_BY_MISTAKE,
        )
    assert not case_file_of(client).is_shredded


def test_a_held_client_is_not_removed_as_a_mistake(therapist, admin_user):
    client = make_client(therapist)
    _hold(admin_user, client)
    with pytest.raises(disposal.DisposalRefused, match="held"):
        client_services.client_remove_added_by_mistake(actor=therapist, client=client)


def test_disposal_deletes_only_models_in_the_data_map(therapist, admin_user):
    """Every model disposal deletes is in the data map (so export and rotation see it too),
    and afterwards no registered model has a row for the client."""
    client = _client_with_everything(therapist)
    deleted = set()

    def seen(sender, **kwargs):
        deleted.add(sender._meta.label)

    post_delete.connect(seen, weak=False)
    try:
        disposal.dispose_due(actor=admin_user)
    finally:
        post_delete.disconnect(seen)
    registered = {entry.label for entry in datamap.registered()}
    assert deleted, "nothing was deleted"
    assert deleted <= registered, deleted - registered
    assert disposal.rows_of(client.record_ref) == {}
    assert not set(Tombstone.objects.get().counts) - deleted


def test_a_backup_copy_of_the_key_opens_only_while_its_key_encryption_key_is_kept(
    therapist, admin_user, settings
):
    """What the README says about backups: a backup taken before disposal still holds the
    wrapped data key; it stops opening once that key-encryption key is retired."""
    client = _client_with_everything(therapist)
    ref = client.record_ref
    backed_up_key = case_file_of(client).wrapped_key
    note = Note.objects.get(case_file__record_ref=ref)
    backed_up_note, aad = note.body, Note._meta.get_field("body").associated_data(note)

    disposal.dispose_due(actor=admin_user)

    data_key = keyring.unwrap_data_key(backed_up_key, owner=ref)
    assert "Vorpalblade" in keyring.decrypt(backed_up_note, data_key=data_key, aad=aad)
    settings.ENCRYPTION_KEYS = keyring.generate_key_line()  # rotated away, old key destroyed
    with pytest.raises(keyring.UnknownKeyError):
        keyring.unwrap_data_key(backed_up_key, owner=ref)
