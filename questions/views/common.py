"""What the question pages share."""

from __future__ import annotations

from django.http import FileResponse, Http404

from ..models import QuestionAttachment

SUBMITTED_MAX_AGE = 60 * 60
PAGE_SIZE = 25


def attachment_response(attachment: QuestionAttachment) -> FileResponse:
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
