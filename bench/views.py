"""The ceiling of the stack: a bare Django view through the full middleware, returning a constant."""

from django.http import HttpResponse


def ceiling(request):
    return HttpResponse(b"ok", content_type="text/plain")
