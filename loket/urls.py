from django.urls import path

from . import health, kernteam_views, public_views, subscription_views, views

app_name = "loket"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("inloggen/wachtwoord-vergeten/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "inloggen/wachtwoord-vergeten/verstuurd/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "inloggen/nieuw-wachtwoord/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "inloggen/nieuw-wachtwoord/klaar/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("profiel/", views.ProfileView.as_view(), name="profile"),
    path("contact/", views.ContactView.as_view(), name="contact"),
    path("privacy/", views.PrivacyView.as_view(), name="privacy"),
    path("gezondheid/", health.health, name="health"),
    path("profiel/nieuwsbrief/", subscription_views.ProfileSubscriptionView.as_view(), name="profile_subscription"),
    # Publications (public)
    path("publicaties/", public_views.PublicationListView.as_view(), name="publications"),
    path("publicaties/nieuw.atom", public_views.LatestPublicationsFeed(), name="publications_feed"),
    path("publicaties/<slug:slug>/", public_views.PublicationDetailView.as_view(), name="publication_detail"),
    path(
        "publicaties/<slug:slug>/versies/<int:version>/",
        public_views.PublicationRevisionView.as_view(),
        name="publication_revision",
    ),
    path(
        "publicaties/<slug:slug>/bijlagen/<int:pk>/",
        public_views.PublicationAttachmentView.as_view(),
        name="publication_attachment",
    ),
    path("zoeken/", public_views.SearchView.as_view(), name="search"),
    # Subscriptions
    path("nieuwsbrief/", subscription_views.SubscribeView.as_view(), name="subscribe"),
    path(
        "nieuwsbrief/bevestigen/<str:token>/",
        subscription_views.SubscriptionConfirmView.as_view(),
        name="subscription_confirm",
    ),
    path("nieuwsbrief/afmelden/<str:token>/", subscription_views.UnsubscribeView.as_view(), name="unsubscribe"),
    # Core team: publications, FAQ from a question, mailings
    path("kernteam/publicaties/", kernteam_views.PublicationManageListView.as_view(), name="publications_manage"),
    path("kernteam/publicaties/nieuw/", kernteam_views.PublicationCreateView.as_view(), name="publication_create"),
    path("kernteam/publicaties/<int:pk>/", kernteam_views.PublicationEditView.as_view(), name="publication_edit"),
    path(
        "kernteam/publicaties/<int:pk>/publiceren/",
        kernteam_views.PublicationPublishView.as_view(),
        name="publication_publish",
    ),
    path(
        "kernteam/publicaties/<int:pk>/intrekken/",
        kernteam_views.PublicationWithdrawView.as_view(),
        name="publication_withdraw",
    ),
    path(
        "kernteam/publicaties/<int:pk>/bijlagen/",
        kernteam_views.PublicationAttachmentAddView.as_view(),
        name="publication_attachment_add",
    ),
    path(
        "kernteam/publicaties/<int:pk>/bijlagen/<int:attachment_pk>/verwijderen/",
        kernteam_views.PublicationAttachmentDeleteView.as_view(),
        name="publication_attachment_delete",
    ),
    path(
        "kernteam/vragen/<int:question_pk>/faq/", kernteam_views.FaqFromQuestionView.as_view(), name="faq_from_question"
    ),
    path("kernteam/mailings/", kernteam_views.MailingListView.as_view(), name="mailings"),
    path("kernteam/mailings/nieuw/", kernteam_views.MailingCreateView.as_view(), name="mailing_create"),
    path("kernteam/mailings/<int:pk>/", kernteam_views.MailingDetailView.as_view(), name="mailing_detail"),
    path("kernteam/mailings/<int:pk>/wijzigen/", kernteam_views.MailingEditView.as_view(), name="mailing_edit"),
    path("kernteam/mailings/<int:pk>/test/", kernteam_views.MailingTestView.as_view(), name="mailing_test"),
    path("kernteam/mailings/<int:pk>/versturen/", kernteam_views.MailingSendView.as_view(), name="mailing_send"),
]
