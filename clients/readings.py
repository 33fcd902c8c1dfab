"""How identity rows read to a client in a subject access answer (practice.readings)."""

from practice.readings import Field, reading

CLIENT = reading(
    "Your details",
    {
        "status": "Status",
        "given_name": "First name",
        "family_name": "Last name",
        "preferred_name": "The name you prefer",
        "pronouns": "Pronouns",
        "date_of_birth": Field("Date of birth", "date"),
        "age_if_no_birth_date": "Your age as we noted it (when we did not have your date of birth)",
        "email": "E-mail",
        "phone": "Telephone",
        "preferred_contact": "How you prefer us to contact you",
        "message_guidance": "What we may say in a message or voicemail",
        "address": "Address",
        "emergency_contact_name": "Emergency contact",
        "emergency_contact_relationship": "Their relationship to you",
        "emergency_contact_phone": "Their telephone",
        "gp_name": "Your GP",
        "gp_address": "Your GP's address",
        "gp_phone": "Your GP's telephone",
        "contacts_for_executor": Field(
            "You agreed the person named in your therapist's professional will may see your "
            "GP and emergency contact",
            "yesno",
        ),
        "created_at": Field("Added to our records", "datetime"),
        "updated_at": Field("Last changed", "datetime"),
    },
    internal=("record_ref", "search_name"),
)

PARENTAL_RESPONSIBILITY = reading(
    "Person with parental responsibility: {name}",
    {
        "name": "Name",
        "relationship": "Relationship to you",
        "phone": "Telephone",
        "email": "E-mail",
        "address": "Address",
    },
    internal=("client",),
)
