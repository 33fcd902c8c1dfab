"""Small middleware of our own."""

from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    """Every page the app renders may carry client data: the browser keeps no copy.

    Static files never reach this (WhiteNoise answers them first), so they stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response
