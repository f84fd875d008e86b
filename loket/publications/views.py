"""Public pages of publications: the list, a publication, its versions and attachments, the feed."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from loket.core.breadcrumbs import trail
from loket.core.markdown import render_markdown
from loket.core.roles import is_core_team, is_partner
from loket.publications.consultations.selectors import open_consultations_for_invitee, published_consultations_of
from loket.publications.forms import PublicationFilter
from loket.publications.lessons.models import LessonSubmission
from loket.publications.models import Publication, PublicationAttachment, PublicationKind, PublicationRevision
from loket.publications.public_cache import AnonymousCacheMixin
from loket.publications.services import publication_is_expired, publication_list_queryset, publications_visible_to


def _querystring_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


class PublicationListView(AnonymousCacheMixin, TemplateView):
    template_name = "loket/publications/publication_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        filterset = PublicationFilter(self.request.GET, queryset=publication_list_queryset())
        qs = filterset.qs if filterset.is_valid() else publication_list_queryset().none()
        page = Paginator(qs, settings.LOKET_PUBLICATIONS_PER_PAGE).get_page(self.request.GET.get("page"))
        ctx.update(
            filter=filterset,
            page_obj=page,
            publications=page.object_list,
            querystring=_querystring_without_page(self.request),
            today=timezone.localdate(),
            kinds=PublicationKind.choices,
            can_manage=is_core_team(self.request.user),
            can_submit_lesson=is_partner(self.request.user),
            my_consultations=open_consultations_for_invitee(self.request.user),
        )
        return ctx


def publication_trail(publication: Publication, *steps):
    """Home > Publicaties > <titel> > ..."""
    publications = (_("Publicaties"), reverse("loket:publications"))
    if not steps:
        return trail(publications, publication.title)
    here = reverse("loket:publication_detail", kwargs={"slug": publication.slug})
    return trail(publications, (publication.title, here), *steps)


class PublicationDetailView(AnonymousCacheMixin, TemplateView):
    template_name = "loket/publications/publication_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        publication = get_object_or_404(
            publications_visible_to(self.request.user)
            .select_related("province")
            .prefetch_related("themes", "attachments"),
            slug=kwargs["slug"],
        )
        revisions = list(publication.revisions.only("pk", "version", "changed_at", "change_note", "publication_id"))
        ctx.update(
            publication=publication,
            body_html=render_markdown(publication.body),
            summary_html=render_markdown(publication.summary),
            expired=publication_is_expired(publication),
            is_draft=publication.status != "gepubliceerd"
            or (publication.published_at or timezone.now()) > timezone.now(),
            revisions=revisions,
            current_revision=next((r for r in revisions if r.version == publication.version), None),
            older_revisions=[r for r in revisions if r.version < publication.version],
            can_manage=is_core_team(self.request.user),
            breadcrumbs=publication_trail(publication),
            consultations=published_consultations_of(publication)
            if publication.kind == PublicationKind.FRAMEWORK
            else [],
            submitted_by=LessonSubmission.objects.filter(publication=publication, show_name=True).first()
            if publication.kind == PublicationKind.LESSONS
            else None,
        )
        return ctx


class PublicationRevisionView(TemplateView):
    template_name = "loket/publications/publication_revision.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        publication = get_object_or_404(publications_visible_to(self.request.user), slug=kwargs["slug"])
        revision = get_object_or_404(PublicationRevision, publication=publication, version=kwargs["version"])
        ctx.update(
            publication=publication,
            revision=revision,
            body_html=render_markdown(revision.body),
            summary_html=render_markdown(revision.summary),
            is_current=revision.version == publication.version,
            breadcrumbs=publication_trail(publication, _("Versie %(n)s") % {"n": revision.version}),
        )
        return ctx


class PublicationAttachmentView(View):
    """Serve an attachment of a publication the user may see, always as a download."""

    def get(self, request, slug: str, pk: int):
        publication = get_object_or_404(publications_visible_to(request.user), slug=slug)
        attachment = get_object_or_404(PublicationAttachment, publication=publication, pk=pk)
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        response = FileResponse(handle, as_attachment=True, filename=attachment.original_name)
        response["Content-Type"] = attachment.content_type
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response


class LatestPublicationsFeed(Feed):
    """Atom feed of what is new: the latest published publications."""

    feed_type = Atom1Feed
    title = _("Loket Flexibilisering Asielketen: nieuwe publicaties")
    subtitle = _("Kaders, lessons learned, veelgestelde vragen, nieuws en handreikingen")

    def link(self):
        return reverse("loket:publications")

    def items(self):
        return Publication.objects.published().order_by("-published_at", "-pk")[:30]

    def item_title(self, item):
        return f"{item.get_kind_display()}: {item.title}"

    def item_description(self, item):
        return render_markdown(item.summary or item.body[:500])

    def item_link(self, item):
        return reverse("loket:publication_detail", kwargs={"slug": item.slug})

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at
