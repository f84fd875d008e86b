"""The URLs of the loket app (namespace `loket`), one block per room."""

from django.urls import path

from loket.accounts import views as account_views
from loket.mailings import subscription_views
from loket.mailings import views as mailing_views
from loket.portal import closing_views, health
from loket.portal import views as portal_views
from loket.publications import manage_views
from loket.publications import next_version_views as next_version
from loket.publications import views as publication_views
from loket.publications.consultations import manage_views as consultation_manage
from loket.publications.consultations import views as consultation_views
from loket.publications.lessons import views as lesson_views

app_name = "loket"

urlpatterns = [
    path("", portal_views.HomeView.as_view(), name="home"),
    path("inloggen/", account_views.LoginView.as_view(), name="login"),
    path("uitloggen/", account_views.LogoutView.as_view(), name="logout"),
    path("inloggen/wachtwoord-vergeten/", account_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "inloggen/wachtwoord-vergeten/verstuurd/",
        account_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "inloggen/nieuw-wachtwoord/<uidb64>/<token>/",
        account_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "inloggen/nieuw-wachtwoord/klaar/",
        account_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("profiel/", account_views.ProfileView.as_view(), name="profile"),
    path("profiel/api-sleutel/", account_views.ApiTokenView.as_view(), name="api_token"),
    path(
        "profiel/e-mailadres/<str:token>/", account_views.EmailChangeConfirmView.as_view(), name="email_change_confirm"
    ),
    path("contact/", portal_views.ContactView.as_view(), name="contact"),
    path("privacy/", portal_views.PrivacyView.as_view(), name="privacy"),
    path("toegankelijkheid/", portal_views.AccessibilityView.as_view(), name="accessibility"),
    path("gezondheid/", health.health, name="health"),
    path("profiel/nieuwsbrief/", subscription_views.ProfileSubscriptionView.as_view(), name="profile_subscription"),
    # Publications (public)
    path("publicaties/", publication_views.PublicationListView.as_view(), name="publications"),
    path("publicaties/nieuw.atom", publication_views.LatestPublicationsFeed(), name="publications_feed"),
    # Lessons from the field (before the publication's own <slug>: "lessen" is no publication)
    path("publicaties/lessen/insturen/", lesson_views.LessonSubmitView.as_view(), name="lesson_submit"),
    path("publicaties/lessen/mijn/", lesson_views.LessonMineListView.as_view(), name="lessons_mine"),
    path("publicaties/lessen/mijn/<int:pk>/", lesson_views.LessonMineDetailView.as_view(), name="lesson_mine"),
    path("publicaties/<slug:slug>/", publication_views.PublicationDetailView.as_view(), name="publication_detail"),
    # Consultation on a draft kader (invitees and the core team); reactienota and changes
    path("publicaties/<slug:slug>/consultatie/", consultation_views.ConsultationView.as_view(), name="consultation"),
    path(
        "publicaties/<slug:slug>/consultatie/reacties/<int:pk>/",
        consultation_views.ConsultationCommentEditView.as_view(),
        name="consultation_comment_edit",
    ),
    path(
        "publicaties/<slug:slug>/consultatie/<int:pk>/reactienota.<str:fmt>",
        consultation_views.ReactienotaView.as_view(),
        name="consultation_reactienota",
    ),
    path(
        "publicaties/<slug:slug>/consultatie/<int:pk>/wijzigingen/",
        consultation_views.ConsultationChangesView.as_view(),
        name="consultation_changes",
    ),
    path(
        "publicaties/<slug:slug>/versies/<int:version>/",
        publication_views.PublicationRevisionView.as_view(),
        name="publication_revision",
    ),
    path(
        "publicaties/<slug:slug>/bijlagen/<int:pk>/",
        publication_views.PublicationAttachmentView.as_view(),
        name="publication_attachment",
    ),
    path("zoeken/", portal_views.SearchView.as_view(), name="search"),
    path("kernteam/", portal_views.StaffDashboardView.as_view(), name="dashboard"),
    # The end of the arrangement: read-only switch and archive export
    path("kernteam/afsluiten/", closing_views.ClosingView.as_view(), name="closing"),
    path("kernteam/afsluiten/archief/", closing_views.ArchiveStartView.as_view(), name="archive"),
    path("kernteam/afsluiten/archief/<int:pk>/", closing_views.ArchiveProgressView.as_view(), name="archive_progress"),
    # Subscriptions
    path("nieuwsbrief/", subscription_views.SubscribeView.as_view(), name="subscribe"),
    path("nieuwsbrief/aangevraagd/", subscription_views.SubscribeSentView.as_view(), name="subscribe_sent"),
    path(
        "nieuwsbrief/bevestigen/<str:token>/",
        subscription_views.SubscriptionConfirmView.as_view(),
        name="subscription_confirm",
    ),
    path("nieuwsbrief/afmelden/<str:token>/", subscription_views.UnsubscribeView.as_view(), name="unsubscribe"),
    # Core team: publications, FAQ from a question, mailings
    path("kernteam/publicaties/", manage_views.PublicationManageListView.as_view(), name="publications_manage"),
    path("kernteam/publicaties/nieuw/", manage_views.PublicationCreateView.as_view(), name="publication_create"),
    path("kernteam/publicaties/<int:pk>/", manage_views.PublicationEditView.as_view(), name="publication_edit"),
    path(
        "kernteam/publicaties/<int:pk>/publiceren/",
        manage_views.PublicationPublishView.as_view(),
        name="publication_publish",
    ),
    path(
        "kernteam/publicaties/<int:pk>/intrekken/",
        manage_views.PublicationWithdrawView.as_view(),
        name="publication_withdraw",
    ),
    path(
        "kernteam/publicaties/<int:pk>/bijlagen/",
        manage_views.PublicationAttachmentAddView.as_view(),
        name="publication_attachment_add",
    ),
    path(
        "kernteam/publicaties/<int:pk>/bijlagen/<int:attachment_pk>/verwijderen/",
        manage_views.PublicationAttachmentDeleteView.as_view(),
        name="publication_attachment_delete",
    ),
    # Core team: the draft of the next version of a published kader
    path(
        "kernteam/publicaties/<int:pk>/volgende-versie/",
        next_version.NextDraftView.as_view(),
        name="publication_next_draft",
    ),
    path(
        "kernteam/publicaties/<int:pk>/volgende-versie/starten/",
        next_version.NextDraftStartView.as_view(),
        name="publication_next_draft_start",
    ),
    path(
        "kernteam/publicaties/<int:pk>/volgende-versie/publiceren/",
        next_version.NextDraftPublishView.as_view(),
        name="publication_next_draft_publish",
    ),
    path(
        "kernteam/publicaties/<int:pk>/volgende-versie/verwijderen/",
        next_version.NextDraftDiscardView.as_view(),
        name="publication_next_draft_discard",
    ),
    # Core team: consultation rounds and submitted lessons
    path(
        "kernteam/consultaties/", consultation_manage.ConsultationManageListView.as_view(), name="consultations_manage"
    ),
    path(
        "kernteam/publicaties/<int:pk>/consultatie/",
        consultation_manage.ConsultationOpenView.as_view(),
        name="consultation_open",
    ),
    path(
        "kernteam/consultaties/<int:pk>/",
        consultation_manage.ConsultationManageView.as_view(),
        name="consultation_manage",
    ),
    path(
        "kernteam/consultaties/<int:pk>/reacties/<int:comment_pk>/",
        consultation_manage.ConsultationAnswerView.as_view(),
        name="consultation_answer",
    ),
    path(
        "kernteam/consultaties/<int:pk>/afronden/",
        consultation_manage.ConsultationCloseView.as_view(),
        name="consultation_close",
    ),
    path("kernteam/lessen/", lesson_views.LessonManageListView.as_view(), name="lessons_manage"),
    path("kernteam/lessen/<int:pk>/", lesson_views.LessonManageView.as_view(), name="lesson_manage"),
    path("kernteam/lessen/<int:pk>/publiceren/", lesson_views.LessonPublishView.as_view(), name="lesson_publish"),
    path("kernteam/mailings/", mailing_views.MailingListView.as_view(), name="mailings"),
    path("kernteam/mailings/nieuw/", mailing_views.MailingCreateView.as_view(), name="mailing_create"),
    path("kernteam/mailings/<int:pk>/", mailing_views.MailingDetailView.as_view(), name="mailing_detail"),
    path("kernteam/mailings/<int:pk>/wijzigen/", mailing_views.MailingEditView.as_view(), name="mailing_edit"),
    path("kernteam/mailings/<int:pk>/test/", mailing_views.MailingTestView.as_view(), name="mailing_test"),
    path("kernteam/mailings/<int:pk>/versturen/", mailing_views.MailingSendView.as_view(), name="mailing_send"),
]
