from django.urls import path, register_converter

from . import views

app_name = "plans"


class ProvinceCodeConverter:
    regex = "[Pp][Vv][0-9]{2}"

    def to_python(self, value: str) -> str:
        return value.upper()

    def to_url(self, value: str) -> str:
        return value


register_converter(ProvinceCodeConverter, "pv")

V = "plannen/<pv:province_code>/v<int:number>/"

urlpatterns = [
    path("plannen/", views.PlanIndexView.as_view(), name="index"),
    path("plannen/capaciteit/", views.CapacityView.as_view(), name="capacity"),
    path("plannen/capaciteit/export.<str:fmt>", views.CapacityExportView.as_view(), name="capacity_export"),
    path("plannen/prognose/", views.PrognosisListView.as_view(), name="prognosis"),
    path("plannen/prognose/nieuw/", views.PrognosisCreateView.as_view(), name="prognosis_create"),
    path("plannen/prognose/<int:pk>/", views.PrognosisDetailView.as_view(), name="prognosis_detail"),
    path("plannen/prognose/<int:pk>/wijzigen/", views.PrognosisUpdateView.as_view(), name="prognosis_update"),
    path("plannen/prognose/<int:pk>/publiceren/", views.PrognosisPublishView.as_view(), name="prognosis_publish"),
    path("plannen/prognose/<int:pk>/verwijderen/", views.PrognosisDeleteView.as_view(), name="prognosis_delete"),
    path("plannen/prognose/<int:pk>/export.xlsx", views.PrognosisExportView.as_view(), name="prognosis_export"),
    path("plannen/ondersteuning/", views.SupportListView.as_view(), name="support"),
    path("plannen/ondersteuning/aanvragen/", views.SupportCreateView.as_view(), name="support_create"),
    path("plannen/ondersteuning/<int:pk>/", views.SupportDetailView.as_view(), name="support_detail"),
    path("plannen/sjabloon-locaties.<str:fmt>", views.ImportTemplateView.as_view(), name="import_template"),
    path("plannen/<pv:province_code>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("plannen/<pv:province_code>/nieuwe-versie/", views.PlanVersionStartView.as_view(), name="version_start"),
    path("plannen/<pv:province_code>/vergelijken/", views.VersionCompareView.as_view(), name="version_compare"),
    path(V, views.VersionDetailView.as_view(), name="version_detail"),
    path(V + "teksten/", views.VersionEditView.as_view(), name="version_edit"),
    path(V + "status/", views.VersionTransitionView.as_view(), name="version_transition"),
    path(V + "export.xlsx", views.VersionExportView.as_view(), name="version_export"),
    path(V + "importeren/", views.LocationImportView.as_view(), name="location_import"),
    path(V + "importeren/<uuid:token>/", views.LocationImportPreviewView.as_view(), name="location_import_preview"),
    path(V + "locaties/nieuw/", views.LocationFormView.as_view(), name="location_create"),
    path(V + "locaties/<int:pk>/", views.LocationFormView.as_view(), name="location_update"),
    path(V + "opmerkingen/", views.ReviewCommentsView.as_view(), name="version_comments"),
    path(V + "opmerkingen/<int:pk>/", views.ReviewAnswerView.as_view(), name="comment_answer"),
    path(V + "locaties/<int:pk>/realisatie/", views.RealisationView.as_view(), name="location_realisation"),
    path(V + "locaties/<int:pk>/verwijderen/", views.LocationDeleteView.as_view(), name="location_delete"),
]
