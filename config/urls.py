from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("beheer/", admin.site.urls),
    path("", include("loket.urls")),
    path("", include("questions.urls")),
    path("", include("experts.urls")),
    path("", include("plans.urls")),
    path("", include("monitoring.urls")),
]
