"""The answer a client reads: every field in words or kept as machinery, no raw column
names, ISO timestamps or usernames in the demo answer's PDF, and an access history whose
summary counts the events the JSON lists one by one."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import date, datetime
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from practice import datamap
from practice.readings import Field, long_date, long_datetime, reading, show
from subject_access import compiling
from subject_access import reading as client_reading

pytestmark = pytest.mark.django_db(databases="__all__")


def _hidden(entry) -> set[str]:
    return set(datamap.NEVER_EXPORTED) | set(entry.exclude)


def test_every_model_on_the_data_map_says_how_it_reads_to_a_client():
    missing = [entry.label for entry in datamap.registered() if entry.reads is None]
    assert missing == []


def test_every_column_a_default_export_holds_is_labelled_or_kept_as_machinery():
    """Statically, for every model exported column by column: a new column without client
    words fails here, before it can reach a PDF."""
    uncovered = []
    for entry in datamap.registered():
        if not getattr(entry.export, "exports_columns", False):
            continue
        for column in entry.model._meta.concrete_fields:
            if column.primary_key or column.name in _hidden(entry):
                continue
            if not entry.reads.covers(column.name):
                uncovered.append(f"{entry.label}.{column.name}")
    assert uncovered == []


def _rich_demo():
    """The demo practice, with the rows it lacks added: an addendum, a legal hold and a
    person with parental responsibility."""
    from clients import services as client_services
    from clients.models import Client
    from practice.demo import seed_demo_practice
    from records import services as record_services
    from records.models import Note

    demo = seed_demo_practice()
    therapist = demo.staff["therapist"]
    note = Note.objects.filter(author=therapist, status="signed").first()
    record_services.addendum_add(actor=therapist, note=note, body="Added after the session.")
    client = Client.objects.filter(record_ref=note.case_file.record_ref).get()
    client_services.parent_add(
        actor=therapist, client=client, values={"name": "P. Parent", "relationship": "Mother"}
    )
    return demo


def _gathered(record_ref: str) -> compiling.Draft:
    sar = SimpleNamespace(
        record_ref=record_ref,
        reference="SAR-TESTTEST",
        received_on=date.today(),
        clock_start=None,
        due_on=None,
        get_requester_display=lambda: "The client",
    )
    return compiling.gather(sar, report=lambda *args: None)


def test_every_field_any_export_holds_is_labelled_or_kept_as_machinery():
    """Dynamically, over every case file of the demo practice: the custom exporters too."""
    from records.models import CaseFile

    _rich_demo()
    seen, uncovered = set(), []
    for record_ref in CaseFile.objects.values_list("record_ref", flat=True):
        for section in _gathered(record_ref).bundle["sections"]:
            for item in section["items"]:
                label = item["key"].rpartition(":")[0]
                entry = datamap.entry_labelled(label)
                seen.add(label)
                for field in item["fields"]:
                    if not entry.reads.covers(field["name"]):
                        uncovered.append(f"{label}.{field['name']}")
    assert sorted(set(uncovered)) == []
    assert {"records.Note", "records.Addendum", "practice.AuditEvent"} <= seen


def test_values_read_as_words_and_what_cannot_be_shown_is_left_out():
    assert show("2026-12-02", Field("Date", "date")) == "2 December 2026"
    moment = datetime.fromisoformat("2026-12-02T13:08:44+00:00")
    assert show("2026-12-02T13:08:44+00:00", Field("When", "datetime")) == long_datetime(moment)
    assert long_datetime(moment) == "2 December 2026, 13:08"  # Europe/London in December
    assert show("11:00:00", Field("Time", "time")) == "11:00"
    assert show(False, Field("Flag", "yesno")) == "No"
    assert show(50, Field("Length", "minutes")) == "50 minutes"
    assert show('["one", "two"]', Field("List", "list")) == ["one", "two"]
    assert show("not a date", Field("Date", "date")) is None  # never printed raw
    assert show("", Field("Text")) is None
    assert long_date(date(2024, 2, 29)) == "29 February 2024"


def test_a_title_without_its_value_keeps_its_words():
    reads = reading("Session on {date}", {"date": Field("Date", "date")})
    assert reads.heading({"date": "2 December 2026"}) == "Session on 2 December 2026"
    assert reads.heading({}) == "Session"
    assert reading("{kind}", {"kind": "Kind"}).heading({}) == "{kind}"
    with pytest.raises(ValueError):
        reading("x", {"a": "A"}, internal=("a",))


# -- the demo practice's released answer, read as an outsider would -----------------------


def _released_demo_answer() -> tuple[dict, str, set[str]]:
    """The demo client's answer released again after every username was changed to a
    unique marker, so a username anywhere in the PDF is found, whatever it looks like."""
    from clients.models import Client
    from practice.models import User
    from subject_access.models import Status, SubjectAccessRequest
    from tests.subject_access.builders import released_request

    demo = _rich_demo()
    for user in User.objects.all():
        User.objects.filter(pk=user.pk).update(username=f"zqu{user.pk}name")
    first = SubjectAccessRequest.objects.get(status=Status.RELEASED)
    client = Client.objects.get(record_ref=first.record_ref)
    sar = released_request(demo.staff["admin"], demo.staff["therapist"], client)
    with zipfile.ZipFile(io.BytesIO(compiling.unseal(sar, "archive", sar.archive_name))) as z:
        files = {name.rpartition("/")[2]: z.read(name) for name in z.namelist()}
    reader = PdfReader(io.BytesIO(files["answer.pdf"]))
    text = "\n".join(page.extract_text() for page in reader.pages)
    usernames = set(User.objects.values_list("username", flat=True))
    return json.loads(files["answer.json"]), text, usernames


def test_the_demo_answer_reads_in_words_not_columns_timestamps_or_usernames():
    answer, text, usernames = _released_demo_answer()
    flat = " ".join(text.split())
    # No raw field name of the data map, and no internal field under its column label.
    raw = set()
    for entry in datamap.registered():
        for column in entry.model._meta.concrete_fields:
            if "_" in column.name:
                raw.add(column.name)
        for name in entry.reads.internal:
            try:
                column = entry.model._meta.get_field(name)
            except Exception:  # an exported value that is not a column (sequence, area)
                raw.add(name[:1].upper() + name[1:])
                continue
            if column.is_relation:  # a related model's name ("Case file") is a plain word
                continue
            label = str(column.verbose_name)
            if " " in label or any(ch.isdigit() for ch in label):
                raw.add(label[:1].upper() + label[1:])
    assert sorted(word for word in raw if word in flat) == []
    assert "Sequence" not in flat
    # No ISO dates or timestamps: dates read as "2 December 2026".
    assert re.findall(r"\d{4}-\d{2}-\d{2}", flat) == []
    assert re.findall(r"\d{2}:\d{2}:\d{2}", flat) == []
    # People by name and role, never by username.
    assert usernames and all(name not in flat for name in usernames)
    assert "Alex (demo), therapist" in flat
    assert "Dear Ben Sample" in flat and "ico.org.uk" in flat
    assert len(PdfReader(io.BytesIO(_pdf_of(answer))).pages) <= 10


def _pdf_of(answer: dict) -> bytes:
    from subject_access import archive

    return archive.pdf_bytes(answer)


def test_the_access_summary_counts_every_event_the_json_lists():
    answer, text, _ = _released_demo_answer()
    events = next(s for s in answer["sections"] if s["key"] == "access_history")["items"]
    groups = client_reading.access_summary(events)
    assert sum(group.count for group in groups) == len(events) > 10
    for group in groups:
        same = [
            item
            for item in events
            if {f["name"]: f["value"] for f in item["fields"]}["what"] == group.what
            and {f["name"]: f["value"] for f in item["fields"]}["who"] == group.who
        ]
        assert len(same) == group.count
    flat = " ".join(text.split())
    repeated = next(group for group in groups if group.count > 1)
    assert f"{repeated.count} times" in flat
    assert f"{len(events)} recorded accesses" in flat


def test_notes_carry_their_addenda_and_sessions_their_table():
    from records.models import Note

    _rich_demo()
    note = Note.objects.filter(addenda__isnull=False).first()
    found = client_reading.parts(_gathered(note.case_file.record_ref).bundle)
    notes = next(part for part in found if part.key == "notes")
    with_addendum = [entry for entry in notes.entries if entry.children]
    assert len(with_addendum) == 1
    assert with_addendum[0].children[0].title == "Addendum"
    assert "Added after the session." in with_addendum[0].children[0].text()
    sessions = next(part for part in found if part.key == "sessions")
    assert sessions.table is not None and sessions.table.columns[0] == "Date"
    assert sessions.table.fits_a_page  # a short list is a table; a long one prints as lines
    long = client_reading.Table(["Date"], [["1 May 2026"]] * (client_reading.TABLE_ROWS + 1))
    assert not long.fits_a_page


def test_a_one_session_client_gets_a_few_pages(admin_user, therapist):
    """Proportionate: a client with one session and one note gets a short answer."""
    from subject_access import release
    from tests.conftest import make_client
    from tests.subject_access.builders import add_notes, released_request

    client = make_client(therapist)
    add_notes(therapist, client, "Talked about the new job and the commute.")
    sar = released_request(admin_user, therapist, client)
    content = release.sar_archive_download(actor=admin_user, sar=sar)
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        pdf = next(z.read(name) for name in z.namelist() if name.endswith("answer.pdf"))
    assert len(PdfReader(io.BytesIO(pdf)).pages) <= 5  # the letter, the records, the law (was 28)
