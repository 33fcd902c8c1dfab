"""The answer as a client reads it: a covering letter, then the records in plain words.

`answer.json` keeps every row and every field exactly (the machine-readable half); this
turns the same answer into parts in the order a client thinks, each field under the label
its app registered beside its data-map entry (`practice.readings`), machinery left out,
notes with their addenda under them, sessions in page-sized tables, and the access
history summarised (who, in what role, did what, how many times, between which dates).
The PDF (`pdf/answer.html`) and the reviewer's page both read this.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from practice import datamap
from practice.readings import Shown, long_date, show
from subject_access.compiling import section_order

# Rows a table in the PDF may have: a page-sized table lays out fast; longer lists print as
# lines (`Table.fits_a_page`).
TABLE_ROWS = 35


@dataclass
class Row:
    label: str
    value: Shown

    @property
    def is_list(self) -> bool:
        return isinstance(self.value, list)

    @property
    def is_long(self) -> bool:
        """Long text reads as a paragraph under its label, not beside it."""
        return isinstance(self.value, str) and (len(self.value) > 70 or "\n" in self.value)


@dataclass
class Entry:
    key: str
    title: str
    rows: list[Row]
    files: list[str] = field(default_factory=list)
    children: list[Entry] = field(default_factory=list)

    def text(self) -> str:
        """Every word of the entry, for searching within the answer."""
        words = [self.title]
        for row in self.rows:
            words.append(row.label)
            words.extend(row.value if isinstance(row.value, list) else [str(row.value)])
        words.extend(child.text() for child in self.children)
        return "\n".join(words)


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]

    @property
    def fits_a_page(self) -> bool:
        """A short list prints as a table; a long one as one line per row, which a print
        engine lays out several times faster than thousands of table cells."""
        return len(self.rows) <= TABLE_ROWS


@dataclass
class Part:
    key: str
    title: str
    says: str  # one plain sentence: what this part is
    entries: list[Entry] = field(default_factory=list)
    table: Table | None = None
    paragraphs: list[tuple[str, str]] = field(default_factory=list)  # (heading, text)
    notes: list[str] = field(default_factory=list)  # a closing sentence or two
    meanings: list[str] = field(default_factory=list)  # what each kind of access means
    count: int = 0
    counted: str = ""  # "3 sessions"
    number: int = 0


# (part key, title, the one sentence, the compiled sections it reads)
PARTS: list[tuple[str, str, str, tuple[str, ...]]] = [
    (
        "details",
        "Your details",
        "The details we hold to contact you and, if it is ever needed, to keep you safe.",
        ("identity",),
    ),
    (
        "agreements",
        "Your agreements and consents",
        "The confidentiality agreement and privacy notice you were given, and what you "
        "agreed to; a copy of each document is enclosed.",
        ("agreements",),
    ),
    (
        "sessions",
        "Your sessions",
        "When your therapy started and the sessions we have recorded: the date, the time, "
        "how long, how we met and whether the session took place.",
        ("case_file",),
    ),
    (
        "notes",
        "Your notes",
        "The notes your therapist wrote after sessions, each with the session it belongs "
        "to, who wrote it and when it was signed; anything added later is shown under it.",
        ("notes",),
    ),
    (
        "disclosures",
        "Information shared with others",
        "Each time we considered sharing information about you with someone outside the "
        "practice that you may be told about, what was decided, and what was shared.",
        ("disclosures",),
    ),
    (
        "requests",
        "Your requests to see your information",
        "The requests you (or someone on your behalf) made to see your information.",
        ("requests",),
    ),
    (
        "access",
        "Who has accessed your record",
        "Every time someone at the practice opened, wrote or changed your record, "
        "grouped by person and kind of access.",
        ("access_history",),
    ),
]

# What each kind of access means, by the area of the action.
AREA_MEANS = {
    "records": "Your record: your case file, sessions or notes were opened, written or changed.",
    "clients": "Your details: your contact details were added, opened or changed.",
    "contracting": "Your agreement: it was prepared, sent to you, or acknowledged.",
    "disclosures": "Sharing information: sharing information about you was considered, "
    "decided or recorded.",
    "sar": "Your requests: a request to see your information was logged, compiled, reviewed "
    "or answered.",
    "auth": "Signing in: an account check touched your record.",
    "keys": "Encryption: the keys that protect your record were renewed.",
    "security": "Security: a security check touched your record.",
    "practice": "The practice: its own settings touched your record.",
    "audit": "Checks: the record of who accessed your record was itself checked.",
}


def _reading_for(item: dict[str, Any]):
    entry = datamap.entry_labelled(_model(item))
    return entry.reads if entry else None


def _values(item: dict[str, Any]) -> dict[str, Any]:
    return {entry["name"]: entry["value"] for entry in item["fields"]}


def shown_values(item: dict[str, Any], reads=None) -> dict[str, Shown]:
    """The item's client-facing fields in words, in its reading's order."""
    reads = reads or _reading_for(item)
    if reads is None:
        return {}
    values = _values(item)
    shown = {}
    for name, spec in reads.fields.items():
        value = show(values.get(name), spec)
        if value is not None:
            shown[name] = value
    return shown


def labels_of(item: dict[str, Any]) -> dict[str, str]:
    """The item's field names and the words a client reads for each."""
    reads = _reading_for(item)
    return {name: spec.label for name, spec in reads.fields.items()} if reads else {}


def entry_for(item: dict[str, Any]) -> Entry:
    reads = _reading_for(item)
    shown = shown_values(item, reads)
    rows = [Row(reads.fields[name].label, value) for name, value in shown.items()] if reads else []
    title = reads.heading(shown) if reads else item["kind"][:1].upper() + item["kind"][1:]
    files = [path.rpartition("/")[2] for path in item.get("files", [])]
    return Entry(item["key"], title, rows, files)


def _ref(item: dict[str, Any]) -> str:
    return item["key"].rpartition(":")[2]


def _model(item: dict[str, Any]) -> str:
    return item["key"].rpartition(":")[0]


def _notes(items: list[dict[str, Any]]) -> list[Entry]:
    """Each note with its addenda under it."""
    notes: OrderedDict[str, Entry] = OrderedDict()
    addenda = []
    for item in items:
        if _model(item) == "records.Note":
            notes[_ref(item)] = entry_for(item)
        else:
            addenda.append(item)
    loose = []
    for item in addenda:
        parent = notes.get(str(_values(item).get("note") or ""))
        (parent.children if parent else loose).append(entry_for(item))
    return [*notes.values(), *loose]


def _disclosures(items: list[dict[str, Any]]) -> list[Entry]:
    """Each request with its steps, quoted passages, report and record under it."""
    requests: OrderedDict[str, Entry] = OrderedDict()
    rest = []
    for item in items:
        if _model(item) == "disclosures.DisclosureRequest":
            requests[_ref(item)] = entry_for(item)
        else:
            rest.append(item)
    loose = []
    for item in rest:
        parent = requests.get(str(_values(item).get("request") or ""))
        (parent.children if parent else loose).append(entry_for(item))
    return [*requests.values(), *loose]


def _sessions(items: list[dict[str, Any]]) -> tuple[list[Entry], Table | None]:
    entries, rows = [], []
    columns = ["date", "start_time", "duration_minutes", "modality", "attendance"]
    for item in items:
        if _model(item) == "records.Session":
            shown = shown_values(item)
            rows.append([str(shown.get(name, "")) for name in columns])
        else:
            entries.append(entry_for(item))
    if not rows:
        return entries, None
    labels = ["Date", "Time", "Length", "How we met", "Attendance"]
    return entries, Table(labels, rows)


def _when(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _span(first: datetime, last: datetime) -> str:
    from django.utils import timezone

    first, last = timezone.localtime(first), timezone.localtime(last)
    if first.date() == last.date():
        return f"on {long_date(first.date())}"
    if (first.year, first.month) == (last.year, last.month):
        return f"between {first.day} and {long_date(last.date())}"
    if first.year == last.year:
        return f"between {first.day} {first:%B} and {long_date(last.date())}"
    return f"between {long_date(first.date())} and {long_date(last.date())}"


@dataclass
class AccessGroup:
    who: str
    role: str
    what: str
    area: str
    count: int
    first: datetime
    last: datetime

    @property
    def person(self) -> str:
        return f"{self.who}, {self.role}" if self.role else self.who

    @property
    def times(self) -> str:
        return "once" if self.count == 1 else f"{self.count:,} times"

    @property
    def span(self) -> str:
        return _span(self.first, self.last)

    @property
    def sentence(self) -> str:
        return f"{self.person}: {self.what[:1].lower()}{self.what[1:]}, {self.times} {self.span}."


def access_summary(items: list[dict[str, Any]]) -> list[AccessGroup]:
    """The access history grouped by person and kind of access, in order of first access.
    Every event is counted once; the JSON keeps each event."""
    groups: OrderedDict[tuple[str, str, str], AccessGroup] = OrderedDict()
    for item in items:
        values = _values(item)
        when = _when(values.get("when"))
        if when is None:
            continue
        key = (values.get("who") or "", values.get("role") or "", values.get("what") or "")
        group = groups.get(key)
        if group is None:
            groups[key] = AccessGroup(*key, str(values.get("area") or ""), 1, when, when)
        else:
            group.count += 1
            group.first, group.last = min(group.first, when), max(group.last, when)
    return sorted(groups.values(), key=lambda group: group.first)


def _access(part: Part, items: list[dict[str, Any]]) -> None:
    groups = access_summary(items)
    part.table = Table(
        ["Who", "What happened", "How often", "When"],
        [[group.person, group.what, group.times, group.span] for group in groups],
    )
    areas = list(dict.fromkeys(group.area for group in groups if group.area in AREA_MEANS))
    part.paragraphs = (
        [("What each kind of access means", "; ".join(AREA_MEANS[area] for area in areas) + ".")]
        if areas
        else []
    )
    part.notes = [
        "Each access is listed one by one, with its exact time, in the file answer.json "
        "enclosed with this answer."
    ]
    part.count = len(items)
    part.counted = _counted(len(items), "recorded access", "recorded accesses")


def _counted(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


COUNTED = {
    "details": ("entry", "entries"),
    "agreements": ("document or agreement", "documents and agreements"),
    "sessions": ("session", "sessions"),
    "notes": ("note", "notes"),
    "disclosures": ("request to share information", "requests to share information"),
    "requests": ("request", "requests"),
}


def part_keys() -> set[str]:
    """Every part an answer can have: the fixed ones, and a section a new app adds."""
    return {key for key, *_ in PARTS} | {"law", "withheld"} | {key for key, _ in section_order()}


def parts(bundle: dict[str, Any]) -> list[Part]:
    """The answer's parts, in the order a client reads them, numbered."""
    by_section = {section["key"]: section["items"] for section in bundle.get("sections", [])}
    known = {key for _, _, _, keys in PARTS for key in keys}
    found: list[Part] = []
    for key, title, says, sections in PARTS:
        items = [item for section in sections for item in by_section.get(section, [])]
        part = Part(key, title, says)
        if key == "sessions":
            part.entries, part.table = _sessions(items)
            part.count = len(part.table.rows) if part.table else 0
        elif key == "notes":
            part.entries = _notes(items)
            part.count = sum(1 for item in items if _model(item) == "records.Note")
        elif key == "disclosures":
            part.entries = _disclosures(items)
            part.count = sum(1 for item in items if _model(item) == "disclosures.DisclosureRequest")
        elif key == "access":
            _access(part, items)
        elif key == "requests":
            part.entries = [entry_for(item) for item in items]
            part.count = sum(
                1 for item in items if _model(item) == "subject_access.SubjectAccessRequest"
            )
        else:
            part.entries = [entry_for(item) for item in items]
            part.count = len(items)
        if key in COUNTED:
            part.counted = _counted(part.count, *COUNTED[key])
        found.append(part)
    # A section no part reads (a new app's category) still reaches the client, in words.
    for section in bundle.get("sections", []):
        if section["key"] not in known and section["items"]:
            part = Part(section["key"], section["title"], "Other information we hold about you.")
            part.entries = [entry_for(item) for item in section["items"]]
            part.count = len(part.entries)
            part.counted = _counted(part.count, "entry", "entries")
            found.append(part)
    law = Part(
        "law",
        "What the law also asks us to tell you",
        "Why we hold your information, who it may go to, how long we keep it, your rights "
        "and how to complain.",
    )
    law.paragraphs = [
        (entry["heading"], entry["text"]) for entry in bundle.get("supplementary", [])
    ]
    found.append(law)
    reasons = list(dict.fromkeys(entry["reason"] for entry in bundle.get("withheld", [])))
    if reasons or bundle.get("partial_refusal"):
        withheld = Part(
            "withheld",
            "What was withheld and why",
            "Information the law allows us not to give you, and why, in general terms.",
        )
        if bundle.get("partial_refusal"):
            withheld.notes.append(
                f"Part of your request has been refused under an exemption: "
                f"{bundle['partial_refusal']}."
            )
        withheld.entries = [Entry(f"withheld:{i}", reason, []) for i, reason in enumerate(reasons)]
        withheld.count = len(reasons)
        found.append(withheld)
    for number, part in enumerate(found, start=1):
        part.number = number
    return found


# -- the covering letter ----------------------------------------------------------------


def _date(value: str | None) -> str:
    if not value:
        return ""
    try:
        return long_date(date.fromisoformat(value[:10]))
    except ValueError:
        return ""


@dataclass
class Letter:
    dated: str
    draft: bool
    addressee: str
    paragraphs: list[str]
    enclosed: list[str]
    questions: list[str]
    signed: str
    reference: str
    facts: list[tuple[str, str]]


def client_name(bundle: dict[str, Any]) -> str:
    for section in bundle.get("sections", []):
        for item in section["items"]:
            if _model(item) == "clients.Client":
                values = _values(item)
                name = " ".join(
                    str(values.get(part) or "").strip() for part in ("given_name", "family_name")
                ).strip()
                return name
    return ""


def letter(bundle: dict[str, Any], found: list[Part], *, addressee: str = "") -> Letter:
    practice = {"name": "", "data_protection_contact": "", **bundle.get("practice", {})}
    request = {"received_on": "", "requested_by": "The client", **bundle.get("request", {})}
    released = bundle.get("released_at")
    name = client_name(bundle)
    by_client = request["requested_by"] == "The client"
    to = addressee or (name if by_client else "")
    received = _date(request["received_on"])
    if by_client:
        asked = (
            f"On {received} you asked us for a copy of the personal information we hold about "
            "you. This is our answer to that request (a subject access request, under Article "
            "15 of the UK GDPR)."
        )
    else:
        about = name or "the person named in the request"
        asked = (
            f"On {received} you asked, as {request['requested_by'][:1].lower()}"
            f"{request['requested_by'][1:]}, for a copy of the personal information we hold "
            f"about {about}. This is our answer to that request (a subject access request, "
            "under Article 15 of the UK GDPR)."
        )
    paragraphs = [
        asked,
        "The pages after this letter set out the information, grouped as you might look for "
        "it. Each part begins with a sentence saying what it holds. The same information is "
        "enclosed as answer.json, a file a computer can read, together with copies of the "
        "documents you were given.",
    ]
    withheld = next((part for part in found if part.key == "withheld"), None)
    if withheld is not None:
        paragraphs.append(
            "We have not included some information, as the law allows. Part "
            f"{withheld.number} says, in general terms, what kind of information that is and "
            "why."
        )
    enclosed = [
        f"{part.number}. {part.title}" + (f": {part.counted}" if part.counted else "")
        for part in found
    ]
    contact = (practice["data_protection_contact"] or practice["name"]).strip().rstrip(".")
    reach = f"please contact us: {contact}." if contact else "please contact the practice."
    questions = [
        "If anything in this answer is unclear, or you think something is missing or wrong, "
        f"{reach} You can ask us to correct information that is wrong.",
        "If you are unhappy with how we have handled your request, please tell us first, so "
        "that we can try to put it right. You also have the right to complain to the "
        "Information Commissioner's Office (ico.org.uk, telephone 0303 123 1113), and to ask "
        "a court to enforce your rights.",
    ]
    facts = [("Our reference", bundle.get("reference", "")), ("Request received", received)]
    if request.get("clock_started_on"):
        facts.append(("Counted from", _date(request["clock_started_on"])))
    if request.get("due_on"):
        facts.append(("Answer due by", _date(request["due_on"])))
    if practice.get("ico_registration_number"):
        facts.append(("ICO registration", practice["ico_registration_number"]))
    return Letter(
        dated=_date(released) if released else _date(bundle.get("compiled_at")),
        draft=not released,
        addressee=to,
        paragraphs=paragraphs,
        enclosed=enclosed,
        questions=questions,
        signed=practice["name"] or "The practice",
        reference=bundle.get("reference", ""),
        facts=facts,
    )
