"""The reviewer's pages: the compiled draft, withholding a passage, completing the review.

Only the assigned therapist reaches a request here; anyone else gets the same 404 as for a
request that does not exist, and the attempt is recorded."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from clients.views.common import form_errors_from, therapist_view
from records.access import READ, access_refused_record
from subject_access import forms, release, selectors
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
    return [
        (entry["name"], entry["label"])
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


def _review_page(request, sar, *, bound=None, held_bound=None, status=200):
    try:
        answer = release.sar_draft_open(actor=request.user, sar=sar)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("sar_reviews")
    actions = SAR_MACHINE.actions_for(actor=request.user, obj=sar)
    sections = []
    for section in answer["sections"]:
        items = []
        for index, item in enumerate(section["items"]):
            choices = _text_fields(item)
            form = None
            if choices and "redact" in actions and section["key"] != "access_history":
                auto_id = f"id_{section['key']}_{index}_%s"
                if bound is not None and bound.data.get("item_key") == item["key"]:
                    form = _rebound(bound, choices, auto_id)
                else:
                    form = forms.RedactForm(
                        initial={"item_key": item["key"]}, field_choices=choices, auto_id=auto_id
                    )
            items.append((item, form))
        sections.append((section, items))
    return render(
        request,
        "subject_access/review.html",
        {
            "sar": sar,
            "answer": answer,
            "sections": sections,
            "actions": actions,
            "held_back": _held_back(request, sar, held_bound),
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
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            reason = Exemption(form.cleaned_data["reason"]).label
            messages.success(request, f"Passage withheld from the answer ({reason}).")
            return redirect("sar_review", ref=sar.ref)
    messages.error(request, "Nothing was withheld: " + " ".join(_messages(form)))
    return _review_page(request, sar, bound=form, status=400)


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
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, "Decision recorded.")
            return redirect("sar_review", ref=sar.ref)
    messages.error(request, "Nothing was decided: " + " ".join(_messages(form)))
    return _review_page(request, sar, held_bound=form, status=400)


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
