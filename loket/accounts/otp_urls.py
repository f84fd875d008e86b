"""django-two-factor-auth's pages under our Dutch paths (namespace `two_factor`, which its views
and templates reverse). The login itself is /inloggen/ (`loket:login`, also `two_factor:login`)."""

from django.urls import path
from django.views.generic import RedirectView

from loket.accounts import otp_views
from loket.accounts.views import LoginView

app_name = "two_factor"

urlpatterns = [
    path("inloggen/", LoginView.as_view(), name="login"),
    # The code used to have a page of its own; it is now the second step of /inloggen/.
    path(
        "inloggen/tweestapsverificatie/",
        RedirectView.as_view(pattern_name="loket:login", query_string=True),
        name="verify_moved",
    ),
    path("inloggen/tweestapsverificatie/instellen/", otp_views.SetupView.as_view(), name="setup"),
    path("inloggen/tweestapsverificatie/qr-code/", otp_views.QRGeneratorView.as_view(), name="qr"),
    path("inloggen/tweestapsverificatie/reservecodes/", otp_views.BackupTokensView.as_view(), name="backup_tokens"),
    path("profiel/tweestapsverificatie/", otp_views.ProfileView.as_view(), name="profile"),
    path("profiel/tweestapsverificatie/uitzetten/", otp_views.DisableView.as_view(), name="disable"),
]
