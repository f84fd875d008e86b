"""The pages of the questions app: `public` (the asker's) and `core_team`."""

from .core_team import (
    CoreTeamMixin,
    InboundMailDownloadView,
    QuestionAttachmentView,
    QuestionBulkAssignView,
    QuestionDetailView,
    QuestionFaqView,
    QuestionListView,
)
from .public import (
    SUBMITTED_COOKIE,
    SUBMITTED_MAX_AGE,
    SUBMITTED_SALT,
    QuestionAskView,
    QuestionFeedbackView,
    QuestionFollowAttachmentView,
    QuestionFollowView,
    QuestionMineView,
    QuestionSubmittedView,
    QuestionSuggestView,
    publication_url,
    suggestions_for,
)

__all__ = [
    "SUBMITTED_COOKIE",
    "SUBMITTED_MAX_AGE",
    "SUBMITTED_SALT",
    "CoreTeamMixin",
    "InboundMailDownloadView",
    "QuestionAskView",
    "QuestionAttachmentView",
    "QuestionBulkAssignView",
    "QuestionDetailView",
    "QuestionFaqView",
    "QuestionFeedbackView",
    "QuestionFollowAttachmentView",
    "QuestionFollowView",
    "QuestionListView",
    "QuestionMineView",
    "QuestionSubmittedView",
    "QuestionSuggestView",
    "publication_url",
    "suggestions_for",
]
