"""Error pages in the site's own layout."""

from django.shortcuts import render


def csrf_failure(request, reason=""):
    # The reason is Django's internal wording; the person gets plain advice instead.
    return render(request, "errors/csrf_failure.html", status=403)
