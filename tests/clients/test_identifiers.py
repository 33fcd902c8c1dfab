"""The identity side answers "does this text carry this client's identifiers?" by kind only."""

from datetime import date

import pytest

from clients.identifiers import KINDS, identifiers_in, matchers_for
from clients.models import Client
from tests.conftest import make_client

PERSON = Client(
    given_name="Zoë",
    preferred_name="Zed",
    family_name="Okonkwo-Marsh",
    address="Flat 4, 12 Acacia Avenue\nLittle Wickham\nLeeds\nLS6 2QT",
    date_of_birth=date(1990, 3, 12),
    phone="07700 900123",
    email="Zoe.Okonkwo@Example.org",
)


def kinds_in(text: str, person: Client = PERSON) -> list[str]:
    from clients.identifiers import _fold

    return [code for code, matches in matchers_for(person) if matches(_fold(text))]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # names: whole words, case and accents folded
        ("We spoke with zoe about it", "given_name"),
        ("ZOË said so", "given_name"),
        ("Zoe's mother rang", "given_name"),
        ("Zed came alone", "preferred_name"),
        ("Ms Okonkwo-Marsh attended", "family_name"),
        ("the Marsh family", "family_name"),
        ("OKONKWO was late", "family_name"),
        # address lines as phrases, whatever the punctuation
        ("she lives at 12 Acacia Avenue with him", "address_line"),
        ("12 acacia avenue.", "address_line"),
        ("near Little Wickham", "address_line"),
        ("in flat 4 upstairs", "address_line"),
        # postcodes ignoring spaces and case
        ("postcode LS6 2QT", "postcode"),
        ("ls62qt", "postcode"),
        ("(LS6  2QT)", "postcode"),
        # dates of birth as people write them
        ("born 12/03/1990", "date_of_birth"),
        ("born 12-03-1990", "date_of_birth"),
        ("born 12.3.1990", "date_of_birth"),
        ("born 12/03/90", "date_of_birth"),
        ("born 12 March 1990", "date_of_birth"),
        ("born 12th March 1990", "date_of_birth"),
        ("born 12th of march, 1990", "date_of_birth"),
        ("born 12 Mar 1990", "date_of_birth"),
        ("born March 12, 1990", "date_of_birth"),
        ("DOB 1990-03-12", "date_of_birth"),
        # phone numbers digits only, with +44 and 0 variants
        ("ring 07700 900123", "phone"),
        ("ring 07700900123", "phone"),
        ("ring 07700-900-123", "phone"),
        ("ring +44 7700 900123", "phone"),
        ("ring +447700900123", "phone"),
        ("ring +44 (0)7700 900123", "phone"),
        ("ring 0044 7700 900 123", "phone"),
        # e-mail case-insensitive
        ("write to zoe.okonkwo@example.org.", "email"),
        ("write to ZOE.OKONKWO@EXAMPLE.ORG", "email"),
    ],
)
def test_each_identifier_matches_in_its_written_forms(text, kind):
    assert kind in kinds_in(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Zoology and zoetropes", "given_name"),  # parts of words are not names
        ("marshes and Marshall", "family_name"),
        ("Acacia Avenue is a common street name", "address_line"),  # not "12 Acacia Avenue"
        ("she moved to Leeds", "address_line"),  # a one-word line (a town) does not warn
        ("LS6 2QA", "postcode"),
        ("LS62 QTX", "postcode"),
        ("born 12/03/1991", "date_of_birth"),
        ("born 13/03/1990", "date_of_birth"),
        ("born 03/12/1990", "date_of_birth"),  # the American order is another day here
        ("born 12 March", "date_of_birth"),
        ("born 1990", "date_of_birth"),
        ("born 2 March 1990", "date_of_birth"),
        ("born 12 May 1990", "date_of_birth"),
        ("ring 07700 900124", "phone"),
        ("ring 07700 9001234", "phone"),
        ("ring 17700 900123", "phone"),
        ("account 907700900123", "phone"),
        ("write to zoe.okonkwo@example.org.uk", "email"),
        ("write to xzoe.okonkwo@example.org", "email"),
        ("write to zoe@example.org", "email"),
    ],
)
def test_near_misses_do_not_match(text, kind):
    assert kind not in kinds_in(text)


def test_a_text_without_identifiers_matches_nothing():
    assert kinds_in("The client described a difficult week at work and a worry at home.") == []


@pytest.mark.parametrize(
    ("person", "text"),
    [
        (Client(given_name="Jo", family_name="Li"), "Jo and Li met Joanna Lister"),
        (Client(given_name="Al", family_name="Ng"), "al fresco, ng"),
        (Client(given_name="Bo", family_name="O"), "O Bo"),
    ],
)
def test_very_short_name_parts_are_ignored(person, text):
    assert kinds_in(text, person) == []


def test_a_long_part_of_a_name_with_short_ones_still_counts():
    person = Client(given_name="Jo", family_name="de la Cruz")
    assert kinds_in("Jo said de la cruz", person) == ["family_name"]


def test_an_empty_identity_matches_nothing():
    assert matchers_for(Client(given_name="", family_name="")) == []


def test_service_names_kinds_per_text_and_never_a_value(therapist):
    client = make_client(
        therapist,
        given_name="Quentin",
        family_name="Oddname",
        address="3 Heron Row\nYork\nYO1 7HH",
        date_of_birth=date(1985, 7, 2),
        phone="01632 960555",
        email="q.oddname@example.invalid",
    )
    found = identifiers_in(
        record_ref=client.record_ref,
        texts={
            "situation": "Mr ODDNAME of yo17hh, born 2nd July 1985",
            "reason": "Nothing personal here",
            "contact": "+44 1632 960555 or Q.Oddname@example.invalid, 3 Heron Row",
        },
    )
    assert found == {
        "situation": ["family_name", "postcode", "date_of_birth"],
        "contact": ["family_name", "address_line", "phone", "email"],  # the e-mail holds it
    }
    assert set(code for kinds in found.values() for code in kinds) <= set(KINDS)


def test_unknown_record_ref_finds_nothing(db):
    assert identifiers_in(record_ref="R-NOPE", texts={"situation": "anything"}) == {}
