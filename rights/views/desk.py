"""The admin's desk page: every open subject access request, complaint and breach in one
list by nearest statutory deadline (`rights.desk`). Thin: one selector, one template."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from practice.permissions import require
from rights import desk as desk_selectors
from rights import permissions


@login_required
@require(permissions.may_handle_complaints)
def desk(request):
    return render(request, "rights/desk_page.html", {"items": desk_selectors.desk(request.user)})
