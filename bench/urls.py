"""The portal's URLs plus the ceiling of the stack (`/bench/plafond/`): only the bench server has it."""

from django.urls import path

from bench.views import ceiling
from config.urls import urlpatterns as portal_urlpatterns

urlpatterns = [*portal_urlpatterns, path("bench/plafond/", ceiling, name="bench_ceiling")]
