"""The neutral letter an executor sends each client, in the practice's one letter shape
(`practice.letters`): the therapist cannot continue, who is writing, where support is, and
what happens to the records. It never says why the therapist stopped (no illness, no death
named), and it says nothing about what the therapy was about."""

from __future__ import annotations

from django.utils import timezone

from clients.models import Client
from practice.letters import Heading, Letter, pdf
from practice.models import PracticeProfile
from wills.models import Activation

__all__ = ["EMAIL_SUBJECT", "compose", "email_text", "pdf"]

# Says nothing about therapy or why: an inbox or a lock screen may be seen by someone else.
EMAIL_SUBJECT = "About your appointments"


def _name(user) -> str:
    return user.get_full_name().strip() or user.username


def compose(activation: Activation, client: Client) -> Letter:
    profile = PracticeProfile.load()
    heading = Heading.of_practice(profile)
    therapist, executor = _name(activation.therapist), _name(activation.executor)
    reach = heading.contact or heading.name
    return Letter(
        kind_label="Letter to the client",
        title=f"Your appointments with {therapist}",
        dated=timezone.localdate(),
        heading=heading,
        addressee=client.display_name,
        reference=client.record_ref,
        paragraphs=(
            f"I am writing to let you know that {therapist} is not able to continue working "
            "with you, and that any appointments you had booked with them will not go ahead. "
            "I am sorry to bring you this news in a letter.",
            f"My name is {executor}. {heading.name} asked me to get in touch with the people "
            f"{therapist} was seeing, so that nobody is left without word.",
        ),
        parts=(
            (
                "Support",
                (
                    f"If you would like to talk about what happens next, or to be put in touch "
                    f"with another practitioner, you can reach me through {reach}.",
                    "Your GP can help you find support too. If you need to talk to someone "
                    "straight away, Samaritans answer day and night on 116 123, free of charge.",
                ),
            ),
            (
                "Your records",
                (
                    f"Your records stay with {heading.name}, kept securely and confidentially. "
                    "I do not read them. They are kept for as long as the practice's retention "
                    f"policy says (for adults, {profile.retention_years_adult} years after the "
                    "last contact) and then securely destroyed, unless they move to a named "
                    "practitioner who continues your care.",
                    "You may ask for a copy of the information held about you at any time.",
                ),
            ),
        ),
        signed=f"{executor}, for {heading.name}",
    )


def email_text(letter: Letter) -> str:
    """The same letter as the plain text of an e-mail (no address block, no reference)."""
    blocks = [letter.salutation, *letter.paragraphs]
    for heading, paragraphs in letter.parts:
        blocks.append(heading)
        blocks.extend(paragraphs)
    blocks.append(f"With best wishes,\n{letter.signature}")
    return "\n\n".join(blocks) + "\n"
