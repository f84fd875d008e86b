from django.urls import path
from django.views.generic import TemplateView

app_name = "plans"

# Scaffolds that the plans issue replaces with the real pages.
urlpatterns = [
    path("plannen/", TemplateView.as_view(template_name="loket/scaffold.html"), name="index"),
    path("plannen/capaciteit/", TemplateView.as_view(template_name="loket/scaffold.html"), name="capacity"),
    path("plannen/prognose/", TemplateView.as_view(template_name="loket/scaffold.html"), name="prognosis"),
]
