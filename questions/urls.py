from django.urls import path

from . import views

app_name = "questions"

urlpatterns = [
    path("vragen/stellen/", views.QuestionAskView.as_view(), name="ask"),
    path("vragen/stellen/verstuurd/", views.QuestionSubmittedView.as_view(), name="submitted"),
    path("vragen/suggesties/", views.QuestionSuggestView.as_view(), name="suggest"),
    path("vragen/volgen/<str:token>/", views.QuestionFollowView.as_view(), name="follow"),
    path(
        "vragen/volgen/<str:token>/geholpen/<int:message_pk>/",
        views.QuestionFeedbackView.as_view(),
        name="feedback",
    ),
    path(
        "vragen/volgen/<str:token>/bijlagen/<int:attachment_pk>/",
        views.QuestionFollowAttachmentView.as_view(),
        name="follow_attachment",
    ),
    path("vragen/", views.QuestionMineView.as_view(), name="mine"),
    path("kernteam/vragen/", views.QuestionListView.as_view(), name="list"),
    path("kernteam/vragen/toewijzen/", views.QuestionBulkAssignView.as_view(), name="bulk_assign"),
    path("kernteam/vragen/<int:pk>/", views.QuestionDetailView.as_view(), name="detail"),
    path("kernteam/vragen/<int:question_pk>/faq/", views.QuestionFaqView.as_view(), name="faq_from_question"),
    path("kernteam/e-mails/<int:pk>/origineel/", views.InboundMailDownloadView.as_view(), name="inbound_mail"),
    path(
        "kernteam/vragen/<int:pk>/bijlagen/<int:attachment_pk>/",
        views.QuestionAttachmentView.as_view(),
        name="attachment",
    ),
]
