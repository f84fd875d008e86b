"""Core-team pages of mailings: write, preview, test, send, progress."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from loket.core.breadcrumbs import trail
from loket.core.markdown import render_markdown
from loket.core.roles import Role, RoleRequiredMixin
from loket.core.submission import SubmitOnceMixin
from loket.mailings.forms import MailingForm
from loket.mailings.models import Mailing, MailingStatus, RecipientStatus
from loket.mailings.services import (
    audience_of,
    mailing_progress,
    mailing_send,
    mailing_send_test,
    mailing_update,
    mailings_with_progress,
)


class CoreTeamMixin(RoleRequiredMixin):
    roles = (Role.KERNTEAM,)


def mailing_trail(mailing: Mailing | None, *steps):
    """Home > Kernteam > Mailings > <onderwerp> > ..."""
    parents = ((_("Kernteam"), reverse("loket:dashboard")), (_("Mailings"), reverse("loket:mailings")))
    if mailing is None:
        return trail(*parents, *steps)
    if not steps:
        return trail(*parents, mailing.subject)
    return trail(*parents, (mailing.subject, reverse("loket:mailing_detail", kwargs={"pk": mailing.pk})), *steps)


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


class MailingListView(CoreTeamMixin, TemplateView):
    template_name = "loket/mailings/mailing_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        page = Paginator(mailings_with_progress(), 25).get_page(self.request.GET.get("page"))
        ctx.update(page_obj=page, mailings=page.object_list)
        return ctx


class MailingFormMixin(CoreTeamMixin):
    template_name = "loket/mailings/mailing_form.html"
    form_class = MailingForm


class MailingCreateView(MailingFormMixin, SubmitOnceMixin, FormView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(breadcrumbs=mailing_trail(None, _("Nieuwe mailing")), **kwargs)

    def form_valid(self, form):
        mailing = form.save(commit=False)
        mailing.created_by = self.request.user
        mailing.save()
        form.save_m2m()
        messages.success(self.request, _("De mailing is opgeslagen. Bekijk het voorbeeld en verstuur een test."))
        return redirect("loket:mailing_detail", pk=mailing.pk)


class MailingEditView(MailingFormMixin, FormView):
    def load_objects(self):
        self.mailing = get_object_or_404(Mailing, pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        if self.mailing.status != MailingStatus.DRAFT:
            messages.error(request, _("Een verzonden mailing kunt u niet meer wijzigen."))
            return redirect("loket:mailing_detail", pk=self.mailing.pk)
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.mailing
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            mailing=self.mailing, breadcrumbs=mailing_trail(self.mailing, _("Wijzigen")), **kwargs
        )

    def form_valid(self, form):
        try:
            mailing_update(mailing=self.mailing, data=form.cleaned_data)
        except ValidationError as exc:
            messages.error(self.request, _errors(exc))
        else:
            messages.success(self.request, _("De mailing is opgeslagen."))
        return redirect("loket:mailing_detail", pk=self.mailing.pk)


class MailingDetailView(CoreTeamMixin, TemplateView):
    template_name = "loket/mailings/mailing_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        mailing = get_object_or_404(
            Mailing.objects.prefetch_related("audience_provinces", "audience_themes"), pk=kwargs["pk"]
        )
        status = self.request.GET.get("status")
        rows = mailing.recipients.order_by("email")
        if status in RecipientStatus.values:
            rows = rows.filter(status=status)
        page = Paginator(rows, 50).get_page(self.request.GET.get("page"))
        audience_size = None
        if mailing.status == MailingStatus.DRAFT:
            audience_size = len(audience_of(mailing))
        ctx.update(
            mailing=mailing,
            body_html=render_markdown(mailing.body, top_level=3),  # under "Voorbeeld"
            progress=mailing_progress(mailing),
            page_obj=page,
            recipients=page.object_list,
            status=status,
            statuses=RecipientStatus.choices,
            audience_size=audience_size,
            querystring=f"status={status}" if status else "",
            refresh=mailing.status == MailingStatus.SENDING,
            breadcrumbs=mailing_trail(mailing),
        )
        return ctx


class MailingTestView(CoreTeamMixin, View):
    def post(self, request, pk: int):
        mailing = get_object_or_404(Mailing, pk=pk)
        if not request.user.email:
            messages.error(request, _("Uw account heeft geen e-mailadres. Vul het in op uw profielpagina."))
        else:
            mailing_send_test(mailing=mailing, to=request.user.email)
            messages.success(request, _("Een testmail is verstuurd naar %(email)s.") % {"email": request.user.email})
        return redirect("loket:mailing_detail", pk=pk)


class MailingSendView(CoreTeamMixin, View):
    def post(self, request, pk: int):
        mailing = get_object_or_404(Mailing, pk=pk)
        if mailing.status != MailingStatus.DRAFT:
            messages.info(request, _("Deze mailing is al verstuurd of wordt verstuurd."))
            return redirect("loket:mailing_detail", pk=pk)
        try:
            mailing_send(mailing=mailing, by=request.user)
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, _("De mailing wordt verstuurd. Deze pagina toont de voortgang."))
        return redirect(reverse("loket:mailing_detail", kwargs={"pk": pk}))
