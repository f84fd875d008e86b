from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from . import docs, partner, schema, views  # noqa: F401 (schema: the API key in the OpenAPI schema)

app_name = "api"

router = SimpleRouter()
router.register("publicaties", views.PublicationViewSet, basename="publication")
router.register("prognoses", views.PrognosisViewSet, basename="prognosis")
router.register(r"plannen/(?P<provincie>[A-Za-z0-9]{1,4})/locaties", partner.DraftLocationViewSet, basename="location")

urlpatterns = [
    path("", docs.ApiDocsView.as_view(), name="docs"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("v1/capaciteitsbeeld/", views.CapacityView.as_view(), name="capacity"),
    path("v1/capaciteitsbeeld/provincies/", views.CapacityProvinceView.as_view(), name="capacity_provinces"),
    path("v1/", include(router.urls)),
]
