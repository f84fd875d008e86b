from django.urls import path

from loket.accounts import otp_views

app_name = "otp"

urlpatterns = [
    path("inloggen/tweestapsverificatie/", otp_views.OtpVerifyView.as_view(), name="verify"),
    path("inloggen/tweestapsverificatie/instellen/", otp_views.OtpSetupView.as_view(), name="setup"),
    path("inloggen/tweestapsverificatie/reservecodes/", otp_views.OtpBackupCodesView.as_view(), name="backup_codes"),
    path("profiel/tweestapsverificatie/", otp_views.OtpManageView.as_view(), name="manage"),
]
