"""The information UK GDPR Art. 15 requires beside the copy of the data, in plain words.

Art. 15(1)(a)-(h) and 15(2): purposes, categories, recipients, retention, the rights to
rectification, erasure, restriction and objection, the right to complain to the ICO, the
source, automated decisions, and transfers outside the UK with their safeguards. Beside the
ICO, the practice's own complaints route and the right to go to court (Art. 79; DPA 2018
ss. 167-169)."""

from __future__ import annotations

from practice.models import PracticeProfile


def sections(profile: PracticeProfile, *, categories: list[str]) -> list[dict[str, str]]:
    practice = profile.name or "the practice"
    contact = profile.data_protection_contact or "the practice's data-protection contact"
    ico = (
        f" Our registration number with the ICO is {profile.ico_registration_number}."
        if profile.ico_registration_number
        else ""
    )
    own_route = (
        f" You can also complain to us: {profile.complaints_route.strip()}"
        if profile.complaints_route.strip()
        else ""
    )
    return [
        {
            "key": "purposes",
            "heading": "Why we hold your information",
            "text": (
                f"{practice} holds your information to provide counselling or psychotherapy "
                "to you safely: to arrange and keep a record of your sessions, to meet our "
                "professional duties (including supervision), and to comply with the law."
            ),
        },
        {
            "key": "categories",
            "heading": "What kinds of information this answer covers",
            "text": categories_text(categories),
        },
        {
            "key": "recipients",
            "heading": "Who may receive it",
            "text": (
                "Your therapist's clinical supervisor may hear about your work together "
                "without your name. Information is shared outside the practice only with "
                "your consent, or where the law requires or allows it; the section on "
                "information shared with others lists each time this happened, where we "
                "may show it to you."
            ),
        },
        {
            # Art. 15(2): transfers to a third country and the safeguards (Art. 46).
            "key": "transfers",
            "heading": "Transfers outside the UK",
            "text": profile.transfers_outside_uk.strip(),
        },
        {
            "key": "retention",
            "heading": "How long we keep it",
            "text": (
                f"We keep records for {profile.retention_years_adult} years after our last "
                "contact with you; for someone who was a child when therapy ended, at least "
                f"until their {profile.retention_until_age_child}th birthday. Then they are "
                "destroyed securely."
            ),
        },
        {
            "key": "source",
            "heading": "Where it came from",
            "text": (
                "From you, and from your therapist's own notes of your sessions. Anything "
                "we received from someone else (for example a person with parental "
                "responsibility) is shown in the section it belongs to."
            ),
        },
        {
            "key": "rights",
            "heading": "Your rights",
            "text": (
                "You may ask us to correct information that is wrong (rectification), to "
                "delete it (erasure), to limit how we use it (restriction), and you may "
                "object to our using it. Some of these rights have limits when records must "
                f"be kept; we will explain if one applies. Write to {contact}."
            ),
        },
        {
            "key": "complaint",
            "heading": "Complaining to the Information Commissioner",
            "text": (
                "If you are unhappy with how we have handled your information, you may "
                "complain to the Information Commissioner's Office (ICO), the UK regulator, "
                f"at ico.org.uk or on 0303 123 1113.{ico}{own_route}"
            ),
        },
        {
            # UK GDPR Art. 79; DPA 2018 ss. 167-169.
            "key": "court",
            "heading": "Going to court",
            "text": (
                "You also have the right to go to court if you think we have broken data "
                "protection law in how we handled your information. A court can order us to "
                "put it right, and you may claim compensation for any damage or distress it "
                "caused. You do not have to complain to the ICO first."
            ),
        },
        {
            "key": "automated_decisions",
            "heading": "Automated decisions",
            "text": "No decision about you is made by automated means, and no profiling is done.",
        },
    ]


def categories_text(categories: list[str]) -> str:
    return "; ".join(categories) + "." if categories else "None held."
