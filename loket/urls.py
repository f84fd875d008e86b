"""The URLs of the loket app (namespace `loket`), one block per room."""

from django.urls import path

from loket.accounts import views as account_views
from loket.mailings import subscription_views
from loket.mailings import views as mailing_views
from loket.portal import closing_views, health
from loket.portal import views as portal_views
from loket.publications import manage_views
from loket.publications import views as publication_views

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
    path("gezondheid/", health.health, name="health"),
    path("profiel/nieuwsbrief/", subscription_views.ProfileSubscriptionView.as_view(), name="profile_subscription"),
    # Publications (public)
    path("publicaties/", publication_views.PublicationListView.as_view(), name="publications"),
    path("publicaties/nieuw.atom", publication_views.LatestPublicationsFeed(), name="publications_feed"),
    path("publicaties/<slug:slug>/", publication_views.PublicationDetailView.as_view(), name="publication_detail"),
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
    path("kernteam/mailings/", mailing_views.MailingListView.as_view(), name="mailings"),
    path("kernteam/mailings/nieuw/", mailing_views.MailingCreateView.as_view(), name="mailing_create"),
    path("kernteam/mailings/<int:pk>/", mailing_views.MailingDetailView.as_view(), name="mailing_detail"),
    path("kernteam/mailings/<int:pk>/wijzigen/", mailing_views.MailingEditView.as_view(), name="mailing_edit"),
    path("kernteam/mailings/<int:pk>/test/", mailing_views.MailingTestView.as_view(), name="mailing_test"),
    path("kernteam/mailings/<int:pk>/versturen/", mailing_views.MailingSendView.as_view(), name="mailing_send"),
]
