from django.urls import path
from django.views.generic import TemplateView

from . import health, views

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
    # Scaffolds that the loket issue replaces with the real pages.
    path("publicaties/", TemplateView.as_view(template_name="loket/scaffold.html"), name="publications"),
    path("nieuwsbrief/", TemplateView.as_view(template_name="loket/scaffold.html"), name="subscribe"),
]
