from django.urls import path
from django.views.generic import TemplateView

from loket.roles import Role, RoleRequiredMixin

app_name = "questions"


class _CoreTeamScaffold(RoleRequiredMixin, TemplateView):
    roles = (Role.KERNTEAM,)
    template_name = "loket/scaffold.html"


class _LoggedInScaffold(RoleRequiredMixin, TemplateView):
    template_name = "loket/scaffold.html"


# Scaffolds that the questions issue replaces with the real pages.
urlpatterns = [
    path("vragen/stellen/", TemplateView.as_view(template_name="loket/scaffold.html"), name="ask"),
    path("vragen/", _LoggedInScaffold.as_view(), name="mine"),
    path("kernteam/", _CoreTeamScaffold.as_view(), name="dashboard"),
]
