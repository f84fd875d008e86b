"""The closing page of the arrangement: its period, the read-only switch and the archive export."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from loket.core.arrangement import current_arrangement, may_close
from loket.core.breadcrumbs import trail
from loket.core.roles import Role, RoleRequiredMixin, has_role
from loket.portal.archive.runs import archive_run_start, latest_runs
from loket.portal.closing import read_only_set
from loket.portal.models import ArchiveRun, ArchiveRunStatus


class ClosingView(RoleRequiredMixin, TemplateView):
    """GET: the period and the state. POST `zet=aan` (core team, Beheerder; after the end date) or
    `zet=uit` (Beheerder only): the audited switch."""

    roles = (Role.KERNTEAM, Role.BEHEERDER)
    template_name = "loket/closing.html"

    def get_context_data(self, **kwargs):
        arrangement = current_arrangement()
        user = self.request.user
        return super().get_context_data(
            arrangement=arrangement,
            may_close=may_close(timezone.localdate(), arrangement),
            is_beheerder=has_role(user, Role.BEHEERDER),
            runs=latest_runs(),
            **kwargs,
        )

    def post(self, request):
        wanted = request.POST.get("zet")
        if wanted not in ("aan", "uit"):
            messages.error(request, _("Kies of het portaal op alleen-lezen moet of niet."))
            return redirect("loket:closing")
        if wanted == "uit" and not has_role(request.user, Role.BEHEERDER):
            raise PermissionDenied
        try:
            read_only_set(on=wanted == "aan", by=request.user, request=request)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Het portaal staat nu op alleen-lezen.") if wanted == "aan" else _("Alleen-lezen is opgeheven."),
            )
        return redirect("loket:closing")


class ArchiveStartView(RoleRequiredMixin, View):
    """POST: the Beheerder starts the archive export (a Celery task); then its progress page."""

    roles = (Role.BEHEERDER,)

    def post(self, request):
        try:
            run = archive_run_start(by=request.user, request=request)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("loket:closing")
        return redirect("loket:archive_progress", pk=run.pk)


class ArchiveProgressView(RoleRequiredMixin, TemplateView):
    roles = (Role.KERNTEAM, Role.BEHEERDER)
    template_name = "loket/archive_progress.html"

    def get_context_data(self, **kwargs):
        run = get_object_or_404(ArchiveRun, pk=self.kwargs["pk"])
        return super().get_context_data(
            run=run,
            running=run.status in (ArchiveRunStatus.WAITING, ArchiveRunStatus.RUNNING),
            breadcrumbs=trail((_("Afsluiten"), reverse("loket:closing")), _("Archiefexport")),
            **kwargs,
        )
