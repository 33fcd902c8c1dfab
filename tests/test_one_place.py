"""One rule in one place: shared widgets, one pagination, one identity field list, and no
dependency that nothing uses."""

from __future__ import annotations

import inspect
import re
import tomllib
from datetime import date, time
from pathlib import Path

from django import forms
from django.urls import reverse

from clients import forms as client_forms
from clients import services as client_services
from clients.models import IDENTITY_FIELDS
from contracting import forms as contracting_forms
from practice import forms as practice_forms
from practice.widgets import DateInput, TimeInput
from records import services as record_services
from tests.conftest import case_file_of, make_client, signed_in

ROOT = Path(__file__).resolve().parent.parent


def _form_classes():
    for module in (practice_forms, client_forms, contracting_forms):
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield cls


def _fields_of(cls):
    return getattr(cls, "base_fields", {}).items()


def test_every_date_and_time_field_uses_the_shared_native_picker():
    seen = 0
    for cls in _form_classes():
        for name, field in _fields_of(cls):
            if isinstance(field, forms.DateField):
                assert isinstance(field.widget, DateInput), f"{cls.__name__}.{name}"
                seen += 1
            elif isinstance(field, forms.TimeField):
                assert isinstance(field.widget, TimeInput), f"{cls.__name__}.{name}"
                seen += 1
    assert seen >= 8


def test_the_date_picker_shows_an_initial_date_in_iso_form_whatever_the_locale():
    html = DateInput().render("since", date(2026, 3, 4))
    assert 'type="date"' in html and 'value="2026-03-04"' in html
    assert 'value="14:05"' in TimeInput().render("at", time(14, 5))


def test_the_identity_field_list_is_kept_once():
    assert tuple(client_forms.ClientForm._meta.fields) == IDENTITY_FIELDS
    assert client_services.IDENTITY_FIELDS is IDENTITY_FIELDS


def _add_sessions(therapist, client, count):
    case_file = case_file_of(client)
    for day in range(1, count + 1):
        record_services.session_save(
            actor=therapist,
            case_file=case_file,
            date=date(2026, 1, day),
            start_time=time(10),
            duration_minutes=50,
            modality="in_person",
            attendance="attended",
        )


def test_paging_one_list_on_a_client_page_keeps_the_other_lists_page(therapist):
    client = make_client(therapist)
    _add_sessions(therapist, client, 11)
    url = reverse("client_detail", kwargs={"ref": client.ref})
    html = signed_in(therapist).get(url + "?notes=1&sessions=1").content.decode()
    older = re.search(r'href="([^"]*)" rel="next">Older</a>', html)
    assert older, "the sessions list has a second page"
    assert "notes=1" in older.group(1) and "sessions=2" in older.group(1)


def test_caseload_page_links_keep_the_search(therapist):
    for number in range(26):
        make_client(therapist, given_name=f"Kim{number:02d}", consent=False)
    html = signed_in(therapist).get(reverse("therapist_dashboard") + "?q=kim").content.decode()
    assert 'href="?q=kim&amp;page=2" rel="next"' in html


def test_there_is_one_pagination_template():
    assert not list(ROOT.glob("*/templates/**/pager.html"))


def test_every_test_dependency_is_used():
    """A test extra is either a tool run from the command line or imported by the tests."""
    tools = {
        "pytest",
        "pytest-django",
        "pytest-xdist",
        "ruff",
        "bandit",
        "pip-audit",
        "import-linter",
    }
    imports = {"time-machine": "time_machine", "factory_boy": "factory"}
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]["test"]
    source = "\n".join(path.read_text() for path in (ROOT / "tests").rglob("*.py"))
    for requirement in extras:
        name = re.split(r"[=<>\[]", requirement)[0]
        if name in tools:
            continue
        module = imports.get(name, name)
        assert re.search(rf"^\s*(import|from) {module}\b", source, re.M), f"{name} is unused"


APPS = (
    "practice",
    "records",
    "clients",
    "wills",
    "contracting",
    "disclosures",
    "subject_access",
    "rights",
)


def _definitions_of(name: str) -> list[str]:
    import ast

    found = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.FunctionDef | ast.ClassDef) and node.name == name:
                    found.append(str(path.relative_to(ROOT)))
    return found


def test_each_rule_and_decorator_is_defined_once():
    """Two `therapist_view`s once differed (one audited refusals), two `supervises` once
    asked different questions: each name now has one definition."""
    for name in ("therapist_view", "supervises", "supervisee_ids", "supervisors_of"):
        assert len(_definitions_of(name)) == 1, (name, _definitions_of(name))


def test_no_module_spells_the_disposed_test_itself():
    """'Disposed' is CaseFile.objects.live() and CaseFile.is_shredded, never the key column."""
    spelled = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts or path == ROOT / "records" / "models.py":
                continue
            if re.search(r"wrapped_key\s*=\s*\"\"\)|wrapped_key__", path.read_text()):
                spelled.append(str(path.relative_to(ROOT)))
    # Disposal itself destroys the key: the one writer.
    assert spelled == [], spelled


def test_a_refused_attempt_at_a_disclosure_page_is_audited_like_a_client_page(
    therapist, supervisor, supervision
):
    from disclosures.services import drafting
    from practice.models import AuditEvent
    from records.audit_actions import Action

    client = make_client(therapist)
    row = drafting.request_start(actor=therapist, case_file=case_file_of(client))
    before = AuditEvent.objects.filter(action=Action.ACCESS_DENIED).count()
    response = signed_in(supervisor).get(reverse("disclosure_detail", kwargs={"ref": row.ref}))
    assert response.status_code == 403
    denied = AuditEvent.objects.filter(action=Action.ACCESS_DENIED)
    assert denied.count() == before + 1
    assert denied.latest("seq").target_ref == str(row.ref)


def test_every_app_keeps_its_rules_in_a_permissions_module():
    missing = [app for app in APPS if not (ROOT / app / "permissions.py").exists()]
    assert missing == []
