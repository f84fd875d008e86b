"""The portal's own pages: home, contact, privacy and accessibility statements and the search box."""

from django.views.generic import TemplateView

from loket.core.models import ContactDetails, ContactPerson
from loket.core.roles import Role, RoleRequiredMixin
from loket.portal.dashboard import pending_list
from loket.portal.search import search_everything
from loket.publications.models import Publication
from loket.publications.public_cache import AnonymousCacheMixin
from questions.dashboard import dashboard as questions_dashboard


class HomeView(AnonymousCacheMixin, TemplateView):
    template_name = "loket/home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["latest_publications"] = list(
            Publication.objects.published().only("title", "slug", "kind", "summary", "published_at")[:5]
        )
        ctx["contact"] = ContactDetails.current()
        return ctx


class ContactView(TemplateView):
    template_name = "loket/contact.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["contact"] = ContactDetails.current()
        ctx["people"] = ContactPerson.objects.select_related("organisation")
        return ctx


class PrivacyView(TemplateView):
    template_name = "loket/privacy.html"


class AccessibilityView(TemplateView):
    """The accessibility statement (toegankelijkheidsverklaring) in the government's model."""

    template_name = "loket/accessibility.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "contact": ContactDetails.current()}


class SearchView(AnonymousCacheMixin, TemplateView):
    template_name = "loket/search.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        text = (self.request.GET.get("q") or "").strip()[:200]
        ctx["q"] = text
        ctx["results"] = search_everything(self.request.user, text) if text else None
        return ctx


class StaffDashboardView(RoleRequiredMixin, TemplateView):
    """The core team's start page: the triage queue and everything else that awaits them."""

    roles = (Role.KERNTEAM,)
    template_name = "loket/dashboard.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return {
            **super().get_context_data(**kwargs),
            **questions_dashboard(user),
            "pending_list": pending_list(user),
        }
