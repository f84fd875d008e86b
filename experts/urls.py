from django.urls import path
from django.views.generic import TemplateView

from loket.roles import Role, RoleRequiredMixin

app_name = "experts"


class _DirectoryScaffold(RoleRequiredMixin, TemplateView):
    roles = (Role.KERNTEAM, Role.PRT, Role.CDK, Role.LRT, Role.EXPERT, Role.BEHEERDER)
    template_name = "loket/scaffold.html"


# Scaffold that the experts issue replaces with the real directory.
urlpatterns = [path("deskundigen/", _DirectoryScaffold.as_view(), name="directory")]
