"""Staff accounts: admins create, edit roles and supervision, deactivate. Never delete."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from practice import account_changes, permissions, selectors, services
from practice.forms import (
    HealthProfessionForm,
    StaffCreateForm,
    StaffUpdateForm,
    SupervisionStartForm,
)
from practice.idempotency import once
from practice.models import AccountChange, Supervision, User
from practice.permissions import require
from practice.staff_health import staff_health_profession_set
from practice.views.two_factor import recent_second_factor, unsaved_form_data


def _say_what_waits(request, member: User) -> None:
    waiting = account_changes.pending_of(member)
    if any(c.kind == AccountChange.Kind.EMAIL for c in waiting):
        messages.info(
            request,
            "The new e-mail address waits for a second person's approval under "
            "Account changes; the old one stays until then.",
        )
    roles = sorted(
        c.get_role_display().lower() for c in waiting if c.kind == AccountChange.Kind.ROLE
    )
    if roles:
        messages.info(
            request,
            f"The {' and '.join(roles)} role{'s read' if len(roles) > 1 else ' reads'} client "
            "data: another admin must approve under Account changes before "
            f"{member.username} holds {'them' if len(roles) > 1 else 'it'}.",
        )


def _staff_or_404(ref) -> User:
    try:
        return selectors.staff_by_ref(ref)
    except User.DoesNotExist as error:
        raise Http404 from error


@login_required
@require(permissions.can_manage_staff)
def staff_list(request):
    page = Paginator(selectors.staff_list(), 50).get_page(request.GET.get("page"))
    return render(request, "practice/staff_list.html", {"page": page})


@login_required
@require(permissions.can_manage_staff)
@recent_second_factor
@once
def staff_create(request):
    form = StaffCreateForm(request.POST or unsaved_form_data(request) or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.staff_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Account {user.username} created.")
            _say_what_waits(request, user)
            return redirect("staff_detail", ref=user.ref)
    return render(request, "practice/staff_create.html", {"form": form})


@login_required
@require(permissions.can_manage_staff)
@recent_second_factor
def staff_detail(request, ref):
    member = _staff_or_404(ref)
    form = StaffUpdateForm(
        request.POST or unsaved_form_data(request) or None,
        initial={
            "first_name": member.first_name,
            "last_name": member.last_name,
            "email": member.email,
            "roles": sorted(member.role_names),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_update(actor=request.user, user=member, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Account {member.username} saved.")
            _say_what_waits(request, member)
            return redirect("staff_detail", ref=member.ref)
    return _staff_page(request, member, form)


def _staff_page(request, member: User, form, *, health_form=None, status: int = 200):
    return render(
        request,
        "practice/staff_detail.html",
        {
            "member": member,
            "form": form,
            "supervision_form": SupervisionStartForm(therapist=member),
            "health_form": health_form
            or HealthProfessionForm(
                initial={
                    "health_profession": member.health_profession,
                    "health_register": member.health_register,
                    "health_register_number": member.health_register_number,
                },
                auto_id="id_health_%s",
            ),
            "links": selectors.supervision_links_of(member),
            "pending_changes": account_changes.pending_of(member),
        },
        status=status,
    )


@login_required
@require(permissions.can_manage_staff)
@require_POST
@recent_second_factor
def staff_health_profession(request, ref):
    member = _staff_or_404(ref)
    form = HealthProfessionForm(request.POST, auto_id="id_health_%s")
    if form.is_valid():
        try:
            data = form.cleaned_data
            staff_health_profession_set(
                actor=request.user,
                user=member,
                profession=data["health_profession"],
                register=data["health_register"],
                register_number=data["health_register_number"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, f"Health professional status of {member.username} saved.")
            return redirect("staff_detail", ref=member.ref)
    details = StaffUpdateForm(
        initial={
            "first_name": member.first_name,
            "last_name": member.last_name,
            "email": member.email,
            "roles": sorted(member.role_names),
        }
    )
    return _staff_page(request, member, details, health_form=form, status=400)


@login_required
@require(permissions.can_manage_staff)
@require_POST
@recent_second_factor
def staff_set_active(request, ref):
    member = _staff_or_404(ref)
    active = request.POST.get("active") == "1"
    try:
        services.staff_set_active(actor=request.user, user=member, active=active)
    except PermissionDenied as error:
        messages.error(request, str(error) or "That change is not allowed.")
    else:
        state = "reactivated" if active else "deactivated"
        messages.success(request, f"Account {member.username} {state}.")
    return redirect("staff_detail", ref=member.ref)


@login_required
@require(permissions.can_manage_staff)
@require_POST
@once
def supervision_start(request, ref):
    member = _staff_or_404(ref)
    form = SupervisionStartForm(request.POST, therapist=member)
    if form.is_valid():
        try:
            services.supervision_request(
                actor=request.user,
                therapist=member,
                supervisor=form.cleaned_data["supervisor"],
                starts_on=form.cleaned_data["starts_on"],
            )
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(
                request,
                "Asked. A supervisor reads what a therapist discloses, so another admin (never "
                "the supervisor) must approve the link under Account changes.",
            )
    else:
        messages.error(request, "Choose a supervisor and a start date.")
    return redirect("staff_detail", ref=member.ref)


@login_required
@require(permissions.can_manage_staff)
@require_POST
def supervision_end(request, ref, link_ref):
    member = _staff_or_404(ref)
    link = get_object_or_404(Supervision, ref=link_ref, therapist=member)
    try:
        services.supervision_end(actor=request.user, link=link)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Supervision link ended today.")
    return redirect("staff_detail", ref=member.ref)


def _ask_for(request, ref, kind: str):
    member = _staff_or_404(ref)
    try:
        account_changes.account_change_request(actor=request.user, account=member, kind=kind)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(
            request,
            f"Asked. Another admin or {member.username}'s supervisor must approve it under "
            "Account changes; nothing changes until then.",
        )
    return redirect("staff_detail", ref=member.ref)


@login_required
@require(permissions.can_manage_staff)
@require_POST
@recent_second_factor
def staff_two_factor_reset(request, ref):
    return _ask_for(request, ref, AccountChange.Kind.SECOND_FACTOR)


@login_required
@require(permissions.can_manage_staff)
@require_POST
@recent_second_factor
def staff_password_reset(request, ref):
    return _ask_for(request, ref, AccountChange.Kind.PASSWORD)
