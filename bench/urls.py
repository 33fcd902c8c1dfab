"""The app's URLs plus the signed-in bare page the benchmark compares against."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path


@login_required
def ping(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/ping/", ping, name="bench_ping"),
    path("", include("config.urls")),
]
