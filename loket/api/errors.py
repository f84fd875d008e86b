"""Errors as JSON with a Dutch message: DRF's own (401, 403, 404, 405, 429), and a Django
ValidationError from a service as 400 (never a 500)."""

from django.core.exceptions import ValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from loket.core.concurrency import StaleEdit


def exception_handler(exc, context):
    if isinstance(exc, StaleEdit):
        return Response({"detail": " ".join(exc.messages)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ValidationError):
        body = exc.message_dict if hasattr(exc, "error_dict") else {"detail": " ".join(exc.messages)}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)
