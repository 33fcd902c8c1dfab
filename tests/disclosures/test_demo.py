from disclosures.models import DisclosureRecord, DisclosureRequest, Status
from practice.demo import seed_demo_practice


def test_demo_practice_holds_requests_in_several_states(db):
    seed_demo_practice(password="a-long-demo-password-1")
    states = set(DisclosureRequest.objects.values_list("status", flat=True))
    assert {Status.SUBMITTED, Status.DISCLOSED, Status.EMERGENCY_REVIEW} <= states
    assert DisclosureRequest.objects.filter(kind="child_protection", status="submitted").exists()
    assert DisclosureRecord.objects.filter(request__kind="court_order").exists()
    assert DisclosureRecord.objects.filter(restricted=True).count() == 1
