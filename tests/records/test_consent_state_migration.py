"""Case files from before the consent state keep what their dates said: given where
consent is dated, withdrawn where a withdrawal is, not asked otherwise."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.utils import timezone

from records.models import CaseFile
from tests.conftest import case_file_of, make_client

migration = importlib.import_module("records.migrations.0003_records_consent_state")


def test_existing_case_files_take_the_state_their_dates_say(therapist):
    given, withdrawn, never = (
        case_file_of(make_client(therapist, consent=False, given_name=name))
        for name in ("Gia", "Wim", "Nye")
    )
    now = timezone.now()
    # As a row looked before the state existed: dates only, the state left at its default.
    CaseFile.objects.filter(pk=given.pk).update(records_consent_at=now)
    CaseFile.objects.filter(pk=withdrawn.pk).update(
        records_consent_at=now, records_consent_withdrawn_at=now
    )
    migration.state_from_dates(apps, None)
    states = dict(CaseFile.objects.values_list("pk", "records_consent"))
    assert states == {given.pk: "given", withdrawn.pk: "withdrawn", never.pk: "not_asked"}
