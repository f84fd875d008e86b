from django.urls import path
from django.views.generic import TemplateView

from loket.roles import Role, RoleRequiredMixin

app_name = "monitoring"


class _RegisterScaffold(RoleRequiredMixin, TemplateView):
    roles = (Role.KERNTEAM, Role.LRT, Role.PRT, Role.CDK)
    template_name = "loket/scaffold.html"


# Scaffold that the monitoring issue replaces with the real register.
urlpatterns = [path("monitoring/", _RegisterScaffold.as_view(), name="register")]
