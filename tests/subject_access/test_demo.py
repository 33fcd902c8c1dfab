"""The demo practice shows one open and one released request."""

from __future__ import annotations

from practice.demo import seed_demo_practice
from subject_access.models import Status, SubjectAccessRequest


def test_demo_practice_holds_an_open_and_a_released_request(db):
    seed_demo_practice()
    statuses = sorted(SubjectAccessRequest.objects.values_list("status", flat=True))
    assert statuses == [Status.OPEN, Status.RELEASED]
    released = SubjectAccessRequest.objects.get(status=Status.RELEASED)
    assert len(released.archive_sha256) == 64
