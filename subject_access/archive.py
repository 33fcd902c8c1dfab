"""The released answer: one zip holding a PDF and a JSON file of the same content (withheld
passages replaced in both), the PDFs the client was given, the letters sent about the
request, and a manifest of SHA-256s.

`verify()` checks an archive file against the recorded hash and its own manifest, so a copy
with one byte changed is caught (`manage.py subject_access_verify ARCHIVE`).
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema

from practice import documents
from subject_access import reading
from subject_access.compiling import Draft

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "subject-access-export.schema.json"
PRINT_STYLESHEET = Path(__file__).resolve().parent / "print.css"
MANIFEST = "manifest.json"


def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text())


def withheld_marker(reason_label: str) -> str:
    return f"[withheld: {reason_label}]"


def apply_redactions(bundle: dict[str, Any], redactions: list[tuple[str, str, str, str]]):
    """A copy of the bundle with each (item key, field, passage, reason label) withheld.
    The draft (and the record) stay as they were."""
    result = copy.deepcopy(bundle)
    by_item = {item["key"]: item for section in result["sections"] for item in section["items"]}
    for key, field_name, passage, reason in redactions:
        item = by_item.get(key)
        if item is None:
            continue
        for entry in item["fields"]:
            if entry["name"] == field_name and isinstance(entry["value"], str):
                entry["value"] = entry["value"].replace(passage, withheld_marker(reason))
        result["withheld"].append({"item": key, "field": field_name, "reason": reason})
    return result


def pdf_bytes(bundle: dict[str, Any], *, addressee: str = "") -> bytes:
    """The human half: a covering letter, then the records in the client's words
    (`subject_access.reading`), from the same bundle as answer.json."""
    parts = reading.parts(bundle)
    context = {
        "answer": bundle,
        "parts": parts,
        "letter": reading.letter(bundle, parts, addressee=addressee),
    }
    return documents.render_template(
        "subject_access/pdf/answer.html", context, stylesheet=PRINT_STYLESHEET
    )


def json_bytes(bundle: dict[str, Any]) -> bytes:
    jsonschema.validate(bundle, schema())
    return json.dumps(bundle, indent=2, ensure_ascii=False).encode("utf-8")


@dataclass
class Built:
    content: bytes
    sha256: str
    manifest: dict[str, str] = field(default_factory=dict)


def build(
    draft: Draft,
    bundle: dict[str, Any],
    *,
    addressee: str = "",
    letters: dict[str, bytes] | None = None,
) -> Built:
    reference = bundle["reference"]
    # Only the files of items in the answer: an item left out takes its files with it.
    named = {
        path
        for section in bundle["sections"]
        for item in section["items"]
        for path in item["files"]
    }
    files = {
        "answer.pdf": pdf_bytes(bundle, addressee=addressee),
        "answer.json": json_bytes(bundle),
        **{name: content for name, content in draft.attachments.items() if name in named},
        # The letters sent about the request (acknowledgement, clarification, extension), as
        # kept: the person's own correspondence belongs with their answer.
        **(letters or {}),
    }
    manifest = {name: hashlib.sha256(content).hexdigest() for name, content in files.items()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(f"{reference}/{name}", content)
        archive.writestr(
            f"{reference}/{MANIFEST}",
            json.dumps({"reference": reference, "sha256": manifest}, indent=2),
        )
    content = buffer.getvalue()
    return Built(content, hashlib.sha256(content).hexdigest(), manifest)


@dataclass
class Verdict:
    ok: bool
    problems: list[str]
    reference: str = ""


def read_manifest(content: bytes) -> tuple[str, dict[str, str], dict[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        manifest_name = next(name for name in names if name.endswith("/" + MANIFEST))
        prefix = manifest_name[: -len(MANIFEST)]
        manifest = json.loads(archive.read(manifest_name))
        files = {name[len(prefix) :]: archive.read(name) for name in names if name != manifest_name}
    return manifest["reference"], manifest["sha256"], files


def verify(content: bytes, *, recorded_sha256: str, recorded_manifest: dict[str, str]) -> Verdict:
    problems = []
    if hashlib.sha256(content).hexdigest() != recorded_sha256:
        problems.append("The archive's SHA-256 differs from the one recorded at release.")
    try:
        reference, manifest, files = read_manifest(content)
    except (zipfile.BadZipFile, zlib.error, StopIteration, KeyError, ValueError):
        return Verdict(False, [*problems, "The archive cannot be read as a released answer."])
    if manifest != recorded_manifest:
        problems.append("The manifest differs from the one recorded at release.")
    for name, expected in manifest.items():
        content_of = files.get(name)
        if content_of is None:
            problems.append(f"{name} is missing.")
        elif hashlib.sha256(content_of).hexdigest() != expected:
            problems.append(f"{name} does not match its SHA-256 in the manifest.")
    for name in sorted(set(files) - set(manifest)):
        problems.append(f"{name} is not in the manifest.")
    return Verdict(not problems, problems, reference)
