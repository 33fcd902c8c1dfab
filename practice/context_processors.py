"""Navigation shown in the base layout: one link per role the person holds."""

from django.urls import reverse

from practice.permissions import dashboards_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_links": []}
    return {"nav_links": [(label, reverse(name)) for label, name in dashboards_for(user)]}
