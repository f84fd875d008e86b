from django.contrib import admin
from django.urls import include, path

from loket.accounts.security import security_txt

urlpatterns = [
    path("beheer/", admin.site.urls),
    path(".well-known/security.txt", security_txt, name="security_txt"),
    path("api/", include("loket.api.urls")),
    path("", include("loket.accounts.otp_urls")),
    path("", include("loket.urls")),
    path("", include("questions.urls")),
    path("", include("experts.urls")),
    path("", include("plans.urls")),
    path("", include("monitoring.urls")),
]
