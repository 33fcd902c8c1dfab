"""A restriction's pages: the therapist keeps it or asks to lift it; the supervisor decides.

The therapist reaches the restriction through the client (`load`); the supervisor reaches a
request to lift only through `access_lift`, and sees the request's kind, the restriction
and the reasons, never the client's page.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from clients.views.common import form_errors_from, load, therapist_view
from disclosures import lifting
from disclosures.audit_actions import Action
from disclosures.forms.actions import LiftDecisionForm, RestrictionKeepForm, RestrictionLiftForm
from disclosures.lift_access import access_lift
from disclosures.models import LiftStatus
from disclosures.restriction_selectors import lifts_of
from disclosures.services import restrictions
from disclosures.views.common import refusal_text, supervisor_view
from practice import audit
from practice.transitions import TransitionRefused


def _record(ctx, record_ref):
    record = ctx.case_file.disclosures.filter(ref=record_ref).select_related("request").first()
    if record is None:
        raise Http404("No such disclosure")
    record.case_file = ctx.case_file
    return record


def _page(request, ctx, record, *, keep_form=None, lift_form=None):
    lifts = lifts_of(record)
    waiting = next((lift for lift in lifts if lift.status == LiftStatus.ASKED), None)
    if lifts:
        audit.record(
            action=Action.RESTRICTION_LIFT_READ,
            actor=request.user,
            target_ref=ctx.case_file.record_ref,
            details={"request": str(record.request.ref), "disclosure": str(record.ref)},
        )
    initial = {"restricted_reason": record.restricted_reason}
    return render(
        request,
        "disclosures/restriction.html",
        {
            "client": ctx.client,
            "case_file": ctx.case_file,
            "record": record,
            "lifts": [(lift, lift.get_reason(), lift.get_response()) for lift in lifts],
            "waiting": waiting,
            "may_keep": record.restricted and waiting is None,
            "may_ask": record.restricted
            and waiting is None
            and lifting.may_ask_lift(request.user, record),
            "may_withdraw": waiting is not None
            and lifting.MACHINE.allows(actor=request.user, obj=waiting, action=lifting.WITHDRAW),
            "keep_form": keep_form or RestrictionKeepForm(initial=initial),
            "lift_form": lift_form or RestrictionLiftForm(),
        },
    )


def _back(ctx, record):
    return redirect("restriction_review", ref=ctx.client.ref, record_ref=record.ref)


@therapist_view
def restriction_review(request, ref, record_ref):
    """The restriction, its requests to lift, and keeping it for longer (POST)."""
    ctx = load(request, ref, for_write=request.method == "POST")
    record = _record(ctx, record_ref)
    if request.method != "POST":
        return _page(request, ctx, record)
    form = RestrictionKeepForm(request.POST)
    if form.is_valid():
        try:
            restrictions.restriction_keep(
                actor=request.user,
                record=record,
                reason=form.cleaned_data["restricted_reason"],
                review_on=form.cleaned_data["review_on"],
            )
        except (ValidationError, PermissionDenied) as error:
            form_errors_from(form, _as_validation(error))
        else:
            messages.success(
                request,
                f"Kept from the client; review again on {form.cleaned_data['review_on']:%d %B %Y}.",
            )
            return _back(ctx, record)
    messages.error(request, "Not changed: the restriction is as it was.")
    return _page(request, ctx, record, keep_form=form)


@therapist_view
@require_POST
def restriction_lift_ask(request, ref, record_ref):
    ctx = load(request, ref, for_write=True)
    record = _record(ctx, record_ref)
    form = RestrictionLiftForm(request.POST)
    if form.is_valid():
        try:
            restrictions.restriction_lift_ask(
                actor=request.user,
                record=record,
                reason=form.cleaned_data["reason"],
            )
        except (ValidationError, PermissionDenied) as error:
            form_errors_from(form, _as_validation(error))
        else:
            messages.success(
                request,
                "Sent to your supervisor. The restriction stands until they agree.",
            )
            return _back(ctx, record)
    messages.error(request, "Not sent: the restriction is as it was.")
    return _page(request, ctx, record, lift_form=form)


@therapist_view
@require_POST
def restriction_lift_withdraw(request, ref, record_ref):
    ctx = load(request, ref, for_write=True)
    record = _record(ctx, record_ref)
    waiting = record.lifts.filter(status=LiftStatus.ASKED).first()
    try:
        if waiting is None:
            raise ValidationError("No request to lift this restriction is waiting.")
        waiting.disclosure = record
        restrictions.restriction_lift_withdraw(actor=request.user, lift=waiting)
    except ValidationError as error:
        messages.error(request, "Not changed: " + refusal_text(error))
    else:
        messages.success(request, "Request withdrawn. The restriction stands.")
    return _back(ctx, record)


@supervisor_view
def restriction_lift_review(request, ref):
    """The supervisor's page for one request to lift: the reasons, and the decision."""
    lift = access_lift(request.user, ref, reading=request.method == "GET")
    form = LiftDecisionForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                restrictions.restriction_lift_decide(
                    actor=request.user,
                    lift=lift,
                    decision=form.cleaned_data["decision"],
                    response=form.cleaned_data["response"],
                )
            except TransitionRefused as error:
                messages.error(request, "Not recorded: " + refusal_text(error))
                return redirect("restriction_lift_review", ref=lift.ref)
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(
                    request,
                    "Agreed: the restriction is lifted."
                    if form.cleaned_data["decision"] == lifting.AGREE
                    else "Declined: the restriction stands.",
                )
                return redirect("restriction_lift_review", ref=lift.ref)
        lift = access_lift(request.user, ref, reading=True)
    return render(
        request,
        "disclosures/restriction_lift_review.html",
        {
            "lift": lift,
            "record": lift.disclosure,
            "disclosure_request": lift.disclosure.request,
            "reason": lift.get_reason(),
            "response": lift.get_response(),
            "form": form,
            "may_decide": bool(
                lifting.MACHINE.actions_for(actor=request.user, obj=lift) & set(lifting.DECISIONS)
            ),
        },
    )


def _as_validation(error: Exception) -> ValidationError:
    if isinstance(error, ValidationError):
        return error
    return ValidationError(str(error))
