"""Admins manage staff accounts, supervision and the practice profile; all audited."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.urls import reverse

from practice import services
from practice.models import AccountChange, AuditEvent, PracticeProfile, Supervision, User
from tests.conftest import TESTS, make_staff, signed_in


def _create(client, **overrides):
    data = {
        "username": "newcounsellor",
        "first_name": "Robin",
        "last_name": "Reed",
        "email": "robin@example.org",
        "roles": ["therapist", "supervisor"],
        "password": "a-strong-enough-password-9",
    }
    data.update(overrides)
    return client.post(reverse("staff_create"), data)


def test_admin_creates_an_account_and_its_roles_that_read_client_data_wait(admin_user):
    response = _create(signed_in(admin_user))
    user = User.objects.get(username="newcounsellor")
    assert response["Location"] == reverse("staff_detail", kwargs={"ref": user.ref})
    assert (
        user.role_names == set()
    )  # another admin approves each (tests/practice/test_access_grants)
    asked = AccountChange.objects.filter(account=user, kind="role", status="pending")
    assert sorted(asked.values_list("role", flat=True)) == ["supervisor", "therapist"]
    assert user.check_password("a-strong-enough-password-9")
    event = AuditEvent.objects.get(action="staff.created", actor_label="admin")
    assert event.actor_label == "admin"
    assert event.target_ref == str(user.ref)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"password": "short"}, "too short"),
        ({"password": "password12345"}, "too common"),
        ({"username": "admin"}, "That username is taken"),
        ({"username": "has space"}, "Enter a valid username"),
        ({"roles": []}, "This field is required"),
        ({"roles": ["superuser"]}, "Select a valid choice"),
        ({"email": "not-an-email"}, "Enter a valid email address"),
    ],
)
def test_bad_account_input_is_explained_and_creates_nothing(admin_user, overrides, message):
    client = signed_in(admin_user)
    before = (User.objects.count(), AuditEvent.objects.count())
    response = _create(client, **overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (User.objects.count(), AuditEvent.objects.count()) == before


def test_admin_changes_roles_and_the_change_is_audited(admin_user, therapist):
    response = signed_in(admin_user).post(
        reverse("staff_detail", kwargs={"ref": therapist.ref}),
        {"first_name": "Alex", "last_name": "", "email": "", "roles": ["therapist", "admin"]},
    )
    assert response.status_code == 302
    therapist = User.objects.get(pk=therapist.pk)
    assert therapist.role_names == {"therapist"}  # admin approves grants: it is one itself
    event = AuditEvent.objects.get(action="staff.updated")
    assert event.details["roles_before"] == ["therapist"]
    assert event.details["roles_after"] == ["therapist"]
    assert event.details["roles_asked"] == ["admin"]
    assert AccountChange.objects.get(account=therapist, kind="role").role == "admin"


def test_admin_cannot_remove_own_admin_role(admin_user):
    response = signed_in(admin_user).post(
        reverse("staff_detail", kwargs={"ref": admin_user.ref}),
        {"first_name": "", "last_name": "", "email": "", "roles": ["therapist"]},
    )
    assert response.status_code == 200
    assert "cannot remove the admin role from your own account" in response.content.decode()
    assert User.objects.get(pk=admin_user.pk).role_names == {"admin"}


def test_deactivation_keeps_the_account_and_is_audited(admin_user, therapist):
    signed_in(admin_user).post(
        reverse("staff_set_active", kwargs={"ref": therapist.ref}), {"active": "0"}
    )
    therapist.refresh_from_db()
    assert therapist.is_active is False
    assert AuditEvent.objects.filter(
        action="staff.deactivated", target_ref=str(therapist.ref)
    ).exists()


def test_admin_cannot_deactivate_themselves(admin_user):
    response = signed_in(admin_user).post(
        reverse("staff_set_active", kwargs={"ref": admin_user.ref}), {"active": "0"}, follow=True
    )
    assert "cannot deactivate your own account" in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_accounts_are_never_deleted(therapist):
    with pytest.raises(PermissionDenied):
        therapist.delete()
    assert User.objects.filter(pk=therapist.pk).exists()


def test_supervision_link_starts_on_a_second_admins_approval_and_ends(
    admin_user, therapist, supervisor
):
    client = signed_in(admin_user)
    client.post(
        reverse("supervision_start", kwargs={"ref": therapist.ref}),
        {"supervisor": supervisor.pk, "starts_on": "2026-01-05"},
    )
    assert not Supervision.objects.exists()
    change = AccountChange.objects.get(kind="supervision", account=therapist)
    signed_in(make_staff("admin2", "admin")).post(
        reverse("account_change_decide", kwargs={"ref": change.ref, "decision": "approve"})
    )
    link = Supervision.objects.get(therapist=therapist)
    assert link.supervisor == supervisor
    client.post(reverse("supervision_end", kwargs={"ref": therapist.ref, "link_ref": link.ref}))
    link.refresh_from_db()
    assert link.ends_on is not None
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"supervision.started", "supervision.ended"} <= actions


def test_only_a_supervisor_can_supervise(therapist, therapist2):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="does not hold the supervisor role"):
        services.supervision_start(actor=TESTS, therapist=therapist, supervisor=therapist2)
    assert not Supervision.objects.exists()


def test_supervisor_choice_lists_only_supervisors(admin_user, therapist, supervisor, therapist2):
    response = signed_in(admin_user).post(
        reverse("supervision_start", kwargs={"ref": therapist.ref}),
        {"supervisor": therapist2.pk, "starts_on": "2026-01-05"},
        follow=True,
    )
    assert "Choose a supervisor and a start date" in response.content.decode()
    assert not Supervision.objects.exists()


def test_practice_profile_is_edited_and_audited(admin_user):
    response = signed_in(admin_user).post(
        reverse("practice_profile"),
        {
            "name": "Willow Therapy",
            "address": "1 High Street",
            "email": "",
            "phone": "",
            "ico_registration_number": "ZA123456",
            "data_protection_contact": "The practice manager",
            "complaints_route": "Write to us",
            "transfers_outside_uk": "We do not send your information outside the UK.",
            "professional_body": "BACP",
            "professional_will": "A colleague at Willow Therapy would write to you.",
        },
    )
    assert response.status_code == 302
    profile = PracticeProfile.load()
    assert profile.name == "Willow Therapy"
    assert profile.missing_details == []
    event = AuditEvent.objects.get(action="practice.updated")
    assert "name" in event.details["fields"]


def test_practice_profile_without_a_transfers_fact_is_refused(admin_user):
    response = signed_in(admin_user).post(
        reverse("practice_profile"),
        {"name": "Willow Therapy", "transfers_outside_uk": ""},
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    profile = PracticeProfile.load()
    assert profile.name != "Willow Therapy"
    assert profile.transfers_outside_uk.strip()


@pytest.mark.parametrize("years", ["0", "500", "-3", "seven"])
def test_bad_retention_is_refused(admin_user, years):
    response = signed_in(admin_user).post(
        reverse("retention_policy"), {"years_adult": years, "until_age_child": "25"}
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert PracticeProfile.load().retention_years_adult == 7


def test_audit_page_filters_and_shows_the_last_verification(admin_user, therapist):
    from django.core.management import call_command

    make_staff("other", "therapist")
    call_command("verify_audit")
    client = signed_in(admin_user)
    response = client.get(
        reverse("audit_log"), {"action": "staff.created", "target_ref": str(therapist.ref)}
    )
    body = response.content.decode()
    assert "Last verified" in body and "the chain was intact up to event" in body
    assert str(therapist.ref) in body
    assert body.count('data-label="Action">Staff account created<') == 1
    assert "roles: therapist" in body  # details in words, not a Python list
    assert "[&#x27;" not in body


def test_audit_page_says_when_the_chain_was_never_verified(admin_user):
    body = signed_in(admin_user).get(reverse("audit_log")).content.decode()
    assert "has not been verified yet" in body


def test_audit_page_shows_a_broken_chain_from_the_last_run(admin_user):
    from practice.audit import verify as audit_verify

    report = audit_verify.ChainReport(False, 3, 4, "event 4 is missing")
    audit_verify.verification_record(report=report, full=True)
    body = signed_in(admin_user).get(reverse("audit_log")).content.decode()
    assert "The audit chain is broken" in body and "event 4 is missing" in body


def test_audit_action_filter_offers_the_plain_labels(admin_user):
    body = signed_in(admin_user).get(reverse("audit_log")).content.decode()
    assert '<option value="auth.2fa_reset">Second factor reset' in body
    assert '<option value="staff.created">Staff account created</option>' in body


@override_settings(AUDIT_PAGE_SIZE=5)
def test_audit_page_pages_by_keyset_without_counting(
    admin_user, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    from practice import audit

    for n in range(12):
        audit.record(action="auth.logout", details={"n": n})
    client = signed_in(admin_user)
    with django_assert_max_num_queries(14) as captured:
        first = client.get(reverse("audit_log"), {"action": "auth.logout"})
    sql = " ".join(query["sql"].upper() for query in captured.captured_queries)
    assert "COUNT(" not in sql and "DISTINCT" not in sql
    body = first.content.decode()
    assert "n: 11" in body and "n: 7" in body and "n: 6" not in body
    assert "Older events" in body and "Newest events" not in body
    cursor = first.context["next_before"]
    second = client.get(reverse("audit_log"), {"action": "auth.logout", "before": cursor})
    body = second.content.decode()
    assert "n: 6" in body and "n: 2" in body and "n: 7" not in body
    assert "Newest events" in body and "action=auth.logout" in body


def test_audit_page_query_count_does_not_grow_with_the_trail(
    admin_user, django_assert_max_num_queries
):
    from practice import audit

    for n in range(120):
        audit.record(action="auth.logout", details={"n": n})
    client = signed_in(admin_user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("audit_log")).status_code == 200


def test_audit_page_rejects_a_backwards_date_range_without_error(admin_user):
    response = signed_in(admin_user).get(
        reverse("audit_log"), {"since": "2026-05-01", "until": "2026-01-01"}
    )
    assert response.status_code == 200
    assert "The end date is before the start date" in response.content.decode()


def test_staff_list_query_count_is_constant(admin_user, django_assert_max_num_queries):
    for n in range(25):
        make_staff(f"staff{n}", "therapist")
    client = signed_in(admin_user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("staff_list")).status_code == 200
