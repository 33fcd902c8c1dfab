"""The reviewer's pages: the compiled draft, withholding a passage, completing the review.

Only the assigned therapist reaches a request here; anyone else gets the same 404 as for a
request that does not exist, and the attempt is recorded."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from clients.views.common import form_errors_from, therapist_view
from practice.paging import page_of
from records.access import READ, access_refused_record
from subject_access import forms, health_gate, reading, release, selectors, third_parties
from subject_access.models import Exemption
from subject_access.workflow import SAR_MACHINE


def _review(request, ref):
    sar = selectors.review_request(request.user, ref)
    if sar is None:
        access_refused_record(request.user, str(ref), purpose=READ)
        raise Http404("No such request")
    return sar


@therapist_view
def sar_reviews(request):
    return render(
        request, "subject_access/reviews.html", {"reviews": selectors.reviews_for(request.user)}
    )


def _text_fields(item) -> list[tuple[str, str]]:
    """The item's long text fields a passage can be withheld from, in the client's words."""
    words = reading.labels_of(item)
    return [
        (entry["name"], words.get(entry["name"], entry["label"]))
        for entry in item["fields"]
        if isinstance(entry["value"], str) and len(entry["value"]) > 20
    ]


def _held_back(request, sar, bound=None):
    """The held-back notice for the reviewer: each unit with its decision form."""
    rows = []
    for index, item in enumerate(release.held_back_for(sar)):
        form = None
        if not item.entry.restricted:
            auto_id = f"id_held_{index}_%s"
            if bound is not None and bound.data.get("unit") == item.entry.unit:
                form = bound
                form.auto_id = auto_id
            else:
                initial = {"unit": item.entry.unit}
                if item.decision is not None:
                    initial["decision"] = "include" if item.decision.include else "withhold"
                    initial["exemption"] = item.decision.exemption
                form = forms.HeldBackForm(initial=initial, auto_id=auto_id)
        rows.append((item, form, item.entry.may_view(request.user)))
    return rows


ENTRIES_PER_PAGE = 20
SEARCH_RESULTS = 50


def _redact_form(item, bound, position: str):
    """The withhold form for one item, or the refused one again with its errors."""
    choices = _text_fields(item)
    if not choices:
        return None
    auto_id = f"id_{position}_%s"
    if bound is not None and bound.data.get("item_key") == item["key"]:
        return _rebound(bound, choices, auto_id)
    return forms.RedactForm(
        initial={"item_key": item["key"]}, field_choices=choices, auto_id=auto_id
    )


def _with_forms(entries, items, bound, redacting: bool, prefix: str):
    """Each entry (and each entry under it) beside its withhold form."""
    shown = []
    for index, entry in enumerate(entries):
        item = items.get(entry.key)
        form = _redact_form(item, bound, f"{prefix}_{index}") if redacting and item else None
        children = _with_forms(entry.children, items, bound, redacting, f"{prefix}_{index}")
        shown.append((entry, form, children))
    return shown


def _review_page(request, sar, *, bound=None, held_bound=None, status=200, part_key=None):
    """The draft as the client will read it: a contents list with counts and progress, one
    part at a time in pages, a search within the answer, and what is held back and
    withheld at the top."""
    try:
        answer = release.sar_draft_open(actor=request.user, sar=sar)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("sar_reviews")
    actions = SAR_MACHINE.actions_for(actor=request.user, obj=sar)
    parts = reading.parts(answer)
    items = {item["key"]: item for section in answer["sections"] for item in section["items"]}
    checked = release.parts_checked(sar)
    wanted = part_key or request.GET.get("part", "")
    current = next((part for part in parts if part.key == wanted), parts[0])
    query = " ".join(request.GET.get("q", "").split())[:100]
    results = []
    if query:
        needle = query.casefold()
        for part in parts:
            for position, entry in enumerate(part.entries):
                if needle in entry.text().casefold():
                    page = position // ENTRIES_PER_PAGE + 1
                    results.append((part, entry, page))
        results = results[:SEARCH_RESULTS]
    # A part with a table (sessions, the access summary) pages its rows; others their entries.
    paged = current.table.rows if current.table else current.entries
    page = page_of(
        paged,
        request.GET.get("page"),
        size=ENTRIES_PER_PAGE * 2 if current.table else ENTRIES_PER_PAGE,
    )
    entries = current.entries if current.table else page.object_list
    redacting = "redact" in actions and current.key != "access"
    withheld = [
        (items[entry["item"]], entry) if entry["item"] in items else (None, entry)
        for entry in answer["withheld"]
    ]
    return render(
        request,
        "subject_access/review.html",
        {
            "sar": sar,
            "answer": answer,
            "parts": parts,
            "part": current,
            "page": page,
            "entries": _with_forms(entries, items, bound, redacting, current.key),
            "table_rows": page.object_list if current.table else [],
            "checked": checked,
            "checked_count": sum(1 for part in parts if part.key in checked),
            "query": query,
            "results": results,
            "searched": bool(query),
            "withheld": [
                (reading.entry_for(item).title if item else "", entry) for item, entry in withheld
            ],
            "actions": actions,
            "held_back": _held_back(request, sar, held_bound),
            "third_party_tests": third_parties.tests_of(sar),
            "health_gate": health_gate.status_for(sar),
        },
        status=status,
    )


def _rebound(bound, choices, auto_id):
    """The refused form again, with this item's choices and the service's errors."""
    form = forms.RedactForm(bound.data, field_choices=choices, auto_id=auto_id)
    form.is_valid()
    for name, errors in bound.errors.items():
        for error in errors:
            if error not in form.errors.get(name, []):
                form.add_error(None if name == "__all__" else name, error)
    return form


@therapist_view
def sar_review(request, ref):
    return _review_page(request, _review(request, ref))


@therapist_view
@require_POST
def sar_redact(request, ref):
    sar = _review(request, ref)
    form = forms.RedactForm(
        request.POST,
        field_choices=[(request.POST.get("field_name", ""), "")] if request.POST else (),
        auto_id="id_bound_%s",
    )
    if form.is_valid():
        try:
            release.sar_redact(
                actor=request.user,
                sar=sar,
                item_key=form.cleaned_data["item_key"],
                field_name=form.cleaned_data["field_name"],
                passage=form.cleaned_data["passage"],
                reason=form.cleaned_data["reason"],
                third_party=form.third_party_test(),
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            reason = Exemption(form.cleaned_data["reason"]).label
            messages.success(request, f"Passage withheld from the answer ({reason}).")
            return _back_to_part(sar, _part_of(request))
    messages.error(request, "Nothing was withheld: " + " ".join(_messages(form)))
    return _review_page(request, sar, bound=form, status=400, part_key=_part_of(request))


def _messages(form) -> list[str]:
    return [str(error) for errors in form.errors.values() for error in errors]


@therapist_view
@require_POST
def sar_held_back(request, ref):
    sar = _review(request, ref)
    form = forms.HeldBackForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            release.sar_held_back_decide(
                actor=request.user,
                sar=sar,
                unit_ref=data["unit"],
                include=data["decision"] == "include",
                exemption=data["exemption"],
                reason=data["reason"],
                third_party=form.third_party_test(),
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, "Decision recorded.")
            return redirect("sar_review", ref=sar.ref)
    messages.error(request, "Nothing was decided: " + " ".join(_messages(form)))
    return _review_page(request, sar, held_bound=form, status=400)


def _part_of(request) -> str:
    part = request.POST.get("part", "")
    return part if part.replace("_", "").isalnum() and len(part) <= 40 else ""


def _back_to_part(sar, part: str):
    url = reverse("sar_review", kwargs={"ref": sar.ref})
    return redirect(f"{url}?part={part}#part" if part else url)


@therapist_view
@require_POST
def sar_part_done(request, ref, part):
    sar = _review(request, ref)
    try:
        release.sar_part_checked(actor=request.user, sar=sar, part=part)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Part marked as done.")
    return _back_to_part(sar, part)


@therapist_view
@require_POST
def sar_review_done(request, ref):
    sar = _review(request, ref)
    try:
        release.sar_review_complete(actor=request.user, sar=sar)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("sar_review", ref=sar.ref)
    messages.success(request, "Review complete: the admin can now release the answer.")
    return redirect("sar_reviews")
