"""Before publishing, the admin is told how many agreements it will mark out of date."""

from __future__ import annotations

from django.urls import reverse

from tests.conftest import make_client, signed_in
from tests.contracting.builders import acknowledge_on_paper, make_agreement


def _acknowledged(therapist, name):
    client = make_client(therapist, consent=False, given_name=name, family_name="Testperson")
    acknowledge_on_paper(therapist, make_agreement(therapist, client), consent=True)


def test_the_edit_page_says_how_many_agreements_publishing_will_mark_out_of_date(
    therapist, admin_user, practice_profile
):
    _acknowledged(therapist, "Ada")
    _acknowledged(therapist, "Bea")
    url = reverse("contracting_template_edit", kwargs={"kind": "contract", "variant": "adult"})
    page = signed_in(admin_user).get(url).content.decode()
    assert "Publishing will mark 2 acknowledged agreements out of date" in page
    young = reverse(
        "contracting_template_edit", kwargs={"kind": "contract", "variant": "young_person"}
    )
    assert (
        "will not mark any acknowledged agreement"
        in signed_in(admin_user).get(young).content.decode()
    )


def test_publishing_says_how_many_it_marked(therapist, admin_user, practice_profile):
    from contracting.models import Agreement

    _acknowledged(therapist, "Cara")
    url = reverse("contracting_template_edit", kwargs={"kind": "contract", "variant": "adult"})
    admin = signed_in(admin_user)
    response = admin.post(
        url,
        {"title": "Agreement", "body": "# New\n\nA new text.", "action": "publish"},
        follow=True,
    )
    assert "Agreements marked out of date: 1." in response.content.decode()
    assert Agreement.objects.filter(outdated_at__isnull=False).count() == 1
