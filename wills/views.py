"""The professional will's pages: the therapist's, the admin's, the reviewer's and the
executor's. Thin: parse, call one service, selector or access function, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from clients.views.common import form_errors_from
from practice import ratelimit, sources
from practice.idempotency import once
from practice.links import LinkRefused
from practice.permissions import require
from wills import forms, letters, permissions, selectors, services
from wills.access import WillClosed, access_activation, access_will_client, read_recorded
from wills.audit_actions import Action
from wills.models import Activation, ChecklistStep


def _gate(predicate):
    def decorator(view):
        return login_required(require(predicate)(view))

    return decorator


therapist_view = _gate(permissions.may_keep_a_will)
admin_view = _gate(permissions.may_countersign_or_end)
reviewer_view = _gate(permissions.may_review_activations)
executor_view = _gate(permissions.may_act_as_executor)


def _closed(request, reason: str):
    return render(request, "wills/closed.html", {"reason": reason}, status=403)


def _activation(ref) -> Activation:
    activation = selectors.activation_by_ref(ref)
    if activation is None:
        raise Http404("No such activation")
    return activation


def _nomination(ref):
    nomination = selectors.nomination_by_ref(ref)
    if nomination is None:
        raise Http404("No such naming")
    return nomination


def _tell(request, action, done: str, **kwargs) -> None:
    try:
        action(actor=request.user, **kwargs)
    except services.WillRefused as refusal:
        messages.error(request, refusal.messages[0])
    else:
        messages.success(request, done)


# -- the therapist ---------------------------------------------------------------------------


@therapist_view
@once
def will_mine(request):
    form = forms.NominationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        executor, email = form.cleaned_data["executor"], form.cleaned_data["invited_email"]
        try:
            if executor is not None:
                services.nomination_create(
                    actor=request.user,
                    executor=executor,
                    may_send_letters=form.cleaned_data["may_send_letters"],
                )
            else:
                services.nomination_invite(
                    actor=request.user,
                    email=email,
                    may_send_letters=form.cleaned_data["may_send_letters"],
                )
        except services.WillRefused as refusal:
            form.add_error("executor" if executor else "invited_email", refusal.messages[0])
        else:
            messages.success(
                request,
                "Executor named. An admin must countersign it."
                if executor
                else "Named. Once an admin countersigns, the person is sent an invitation "
                "to create their account.",
            )
            return redirect("will_mine")
    nominations = list(selectors.nominations_of(request.user))
    activations = [a for n in nominations for a in n.activations.all()]
    return render(
        request,
        "wills/mine.html",
        {
            "form": form,
            "nominations": nominations,
            "activations": activations,
            "reads": selectors.reads_of(activations)[:200],
        },
        status=400 if form.errors else 200,
    )


@therapist_view
@require_POST
def will_withdraw(request, ref):
    _tell(request, services.nomination_withdraw, "Naming withdrawn.", nomination=_nomination(ref))
    return redirect("will_mine")


@therapist_view
@require_POST
def will_cancel(request, ref):
    _tell(request, services.activation_cancel, "Activation cancelled.", activation=_activation(ref))
    return redirect("will_mine")


# -- the admin and the second person -----------------------------------------------------------


@admin_view
def will_admin(request):
    activations = list(selectors.activations_all())
    return render(
        request,
        "wills/admin.html",
        {
            "to_countersign": selectors.nominations_to_countersign(),
            "invitations": selectors.invitations_waiting(),
            "activations": activations,
            "reads": selectors.reads_of(activations)[:200],
        },
    )


@admin_view
@require_POST
def will_countersign(request, ref):
    nomination = _nomination(ref)
    _tell(
        request,
        services.nomination_countersign,
        "Naming countersigned. The person named by e-mail is sent their invitation now."
        if nomination.is_invitation
        else "Naming countersigned.",
        nomination=nomination,
        site_url=sources.site_of(request),
    )
    return redirect("will_admin")


@admin_view
@require_POST
def will_records_keep(request, ref):
    _tell(
        request,
        services.records_keep,
        "Recorded: the records stay with the practice under the retention policy until disposal.",
        activation=_activation(ref),
    )
    return redirect("will_admin")


@admin_view
@require_POST
def will_invitation_resend(request, ref):
    _tell(
        request,
        services.invitation_send,
        "A new invitation was sent; the earlier link no longer works.",
        nomination=_nomination(ref),
        site_url=sources.site_of(request),
    )
    return redirect("will_admin")


# -- the invited person (no account yet: the link is the only key) ---------------------------

_invitation_limit = ratelimit.rate_limited(
    "will_invitation", limit=30, window_seconds=600, methods=("GET", "POST")
)


def _public(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _invitation_refused(request, refusal: LinkRefused) -> HttpResponse:
    return _public(
        render(
            request,
            "wills/invitation_refused.html",
            {"reason": str(refusal)},
            status=refusal.status,
        )
    )


@_invitation_limit
def will_invitation(request, token):
    refusal = services.invitation_refused(token=token)
    if refusal is not None:
        return _invitation_refused(request, refusal)
    form = forms.InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "password_again"}
        try:
            user = services.invitation_accept(token=token, **values)
        except LinkRefused as late:
            return _invitation_refused(request, late)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                form_errors_from(form, error)
            else:
                form.add_error("password", error)
        else:
            if request.user.is_authenticated:
                logout(request)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                "Your account is made. Now set up two-step sign-in: the practice's naming "
                "of you can be used only once it is done.",
            )
            return redirect("two_factor_setup")
    return _public(
        render(
            request,
            "wills/invitation.html",
            {"form": form},
            status=400 if form.errors else 200,
        )
    )


@admin_view
@require_POST
def will_end(request, ref):
    _tell(request, services.activation_end, "Access ended.", activation=_activation(ref))
    return redirect("will_admin")


@reviewer_view
def will_reviews(request):
    return render(
        request,
        "wills/reviews.html",
        {"activations": selectors.activations_for_reviewer(request.user)},
    )


@reviewer_view
@require_POST
def will_approve(request, ref):
    _tell(request, services.activation_approve, "Activation approved.", activation=_activation(ref))
    return redirect("will_reviews")


# -- the executor ------------------------------------------------------------------------------


@executor_view
def will_executor(request):
    return render(
        request,
        "wills/executor.html",
        {
            "nominations": selectors.nominations_naming(request.user),
            "form": forms.ActivationAskForm(),
        },
    )


@executor_view
@once
@require_POST
def will_ask(request, ref):
    nomination = _nomination(ref)
    form = forms.ActivationAskForm(request.POST)
    if form.is_valid():
        try:
            services.activation_ask(actor=request.user, nomination=nomination, **form.cleaned_data)
        except services.WillRefused as refusal:
            messages.error(request, refusal.messages[0])
        else:
            messages.success(request, "Activation asked. A second person must approve it.")
            return redirect("will_executor")
    else:
        messages.error(request, "Give a reason and say what happened.")
    return render(
        request,
        "wills/executor.html",
        {"nominations": selectors.nominations_naming(request.user), "form": form},
        status=400,
    )


@executor_view
def will_clients(request, ref):
    try:
        activation = access_activation(request.user, ref, for_client_data=True)
    except WillClosed as closed:
        return _closed(request, str(closed))
    with transaction.atomic():
        read_recorded(actor=request.user, activation=activation, action=Action.CLIENTS_LISTED)
        clients = list(selectors.clients_in(activation))
    done = selectors.steps_done(activation)
    rows = [(client, done.get(client.record_ref, set())) for client in clients]
    return render(
        request,
        "wills/clients.html",
        {"activation": activation, "rows": rows, "steps": ChecklistStep.Step.choices},
    )


def _client_page(request, ref, client_ref, *, form=None, status=200):
    try:
        reached = access_will_client(request.user, ref, client_ref)
    except WillClosed as closed:
        return _closed(request, str(closed))
    activation, client = reached.activation, reached.client
    with transaction.atomic():
        read_recorded(
            actor=request.user,
            activation=activation,
            action=Action.CLIENT_VIEWED,
            record_ref=client.record_ref,
        )
        sessions = selectors.upcoming_sessions(client.record_ref)
    return render(
        request,
        "wills/client.html",
        {
            "activation": activation,
            "client": client,
            "sessions": sessions,
            "steps": selectors.steps_for(activation, client.record_ref),
            "form": form or forms.StepForm(),
            "letters": selectors.letters_for(activation, client.record_ref),
            "email_refusal": permissions.email_refusal(activation, client),
        },
        status=status,
    )


@executor_view
def will_client(request, ref, client_ref):
    return _client_page(request, ref, client_ref)


@executor_view
@once
@require_POST
def will_step(request, ref, client_ref):
    form = forms.StepForm(request.POST)
    try:
        reached = access_will_client(request.user, ref, client_ref)
    except WillClosed as closed:
        return _closed(request, str(closed))
    if form.is_valid():
        try:
            services.step_record(
                actor=request.user,
                activation=reached.activation,
                record_ref=reached.client.record_ref,
                **form.cleaned_data,
            )
        except services.WillRefused as refusal:
            form.add_error(None, refusal.messages[0])
        else:
            messages.success(request, "Recorded.")
            return redirect("will_client", ref=ref, client_ref=client_ref)
    return _client_page(request, ref, client_ref, form=form, status=400)


@executor_view
def will_letter(request, ref, client_ref):
    try:
        reached = access_will_client(request.user, ref, client_ref)
    except WillClosed as closed:
        return _closed(request, str(closed))
    activation, client = reached.activation, reached.client
    with transaction.atomic():
        read_recorded(
            actor=request.user,
            activation=activation,
            action=Action.LETTER_PREVIEWED,
            record_ref=client.record_ref,
        )
        letter = letters.compose(activation, client)
    return render(
        request,
        "wills/letter.html",
        {"activation": activation, "client": client, "letter": letter},
    )


@executor_view
def will_letter_pdf(request, ref, client_ref):
    try:
        reached = access_will_client(request.user, ref, client_ref)
    except WillClosed as closed:
        return _closed(request, str(closed))
    try:
        letter, document = services.letter_issue(
            actor=request.user, activation=reached.activation, client=reached.client
        )
    except services.WillRefused as refusal:
        messages.error(request, refusal.messages[0])
        return redirect("will_client", ref=ref, client_ref=client_ref)
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="letter-{letter.ref}.pdf"'
    return response


@executor_view
@once
@require_POST
def will_letter_email(request, ref, client_ref):
    try:
        reached = access_will_client(request.user, ref, client_ref)
    except WillClosed as closed:
        return _closed(request, str(closed))
    _tell(
        request,
        services.letter_email,
        "The letter was sent by e-mail and recorded.",
        activation=reached.activation,
        client=reached.client,
    )
    return redirect("will_client", ref=ref, client_ref=client_ref)
