"""Review comments of a plan version (/plannen/<code>/v<n>/opmerkingen/): the core team and the
CdK-medewerker place them; the PRT-lid sees them beside what they refer to, answers and resolves."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from loket.core.roles import Role, RoleRequiredMixin, has_role, province_id_of
from loket.core.submission import refuse_with_message, submit_once

from .. import permissions, selectors, services
from ..forms import ReviewAnswerForm, ReviewCommentForm
from ..models import ReviewComment
from .plans import _version, version_trail, version_url

# Who may read the review comments: the national roles, and partners of the version's own province.
REVIEW_READERS = (Role.KERNTEAM, Role.LRT, Role.COA, Role.PRT, Role.CDK)


def comments_url(version) -> str:
    return version_url(version, "version_comments")


class ReviewVersionMixin(RoleRequiredMixin):
    roles = REVIEW_READERS

    def load_objects(self) -> None:
        self.version = _version(self.request.user, self.kwargs["province_code"], self.kwargs["number"])
        user = self.request.user
        partner = has_role(user, Role.PRT, Role.CDK) and not permissions.reads_all_versions(user)
        if partner and province_id_of(user) != self.version.plan.province_id:
            raise Http404


class ReviewCommentsView(ReviewVersionMixin, TemplateView):
    template_name = "plans/version_comments.html"

    def get_context_data(self, form=None, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, version = self.request.user, self.version
        # What the target choices and the headings per location show: 200 locations, each a model
        # instance, and only these columns (issue 21).
        locations = list(
            version.locations.select_related("location_type")
            .only("version_id", "key", "name", "municipality", "capacity", "first_quarter", "location_type__code")
            .order_by("name", "pk")
        )
        comments = selectors.review_comments_of(version)
        by_section: dict[str, list] = {}
        by_location: dict = {}
        general = []
        for comment in comments:
            if comment.section:
                by_section.setdefault(comment.section, []).append(comment)
            elif comment.location_key:
                by_location.setdefault(comment.location_key, []).append(comment)
            else:
                general.append(comment)
        keys = {loc.key for loc in locations}
        ctx.update(
            version=version,
            province=version.plan.province,
            general=general,
            sections=[
                {"key": key, "label": label, "text": getattr(version, key), "comments": by_section.get(key, [])}
                for key, label in ReviewCommentForm.SECTION_LABELS.items()
                if by_section.get(key)
            ],
            location_rows=[
                {"location": loc, "comments": by_location[loc.key]} for loc in locations if loc.key in by_location
            ],
            # Comments on a line that is no longer in this version (removed while it was a draft).
            orphans=[c for key, items in by_location.items() if key not in keys for c in items],
            open_count=sum(1 for c in comments if c.resolved_at is None),
            total=len(comments),
            can_comment=permissions.can_comment(user, version),
            can_answer=permissions.can_answer_comment(user, version),
            form=form or ReviewCommentForm(locations=locations),
            answer_form=ReviewAnswerForm(),
            breadcrumbs=version_trail(version, _("Opmerkingen")),
        )
        return ctx

    def post(self, request, *args, **kwargs):
        if not permissions.can_comment(request.user, self.version):
            raise PermissionDenied
        locations = list(self.version.locations.order_by("name", "pk"))
        form = ReviewCommentForm(request.POST, locations=locations)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        return submit_once(
            request, lambda: self._add(form), refuse=refuse_with_message(request, comments_url(self.version))
        )

    def _add(self, form):
        section, key = form.target_parts()
        try:
            services.review_comment_add(
                version=self.version,
                by=self.request.user,
                body=form.cleaned_data["body"],
                section=section,
                location_key=key,
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(self.request, _("Uw opmerking is geplaatst."))
        return redirect(comments_url(self.version))


class ReviewAnswerView(ReviewVersionMixin, View):
    """The PRT-lid answers a comment, marks it resolved, or opens it again (`reopen`)."""

    roles = (Role.PRT,)
    http_method_names = ["post"]

    def post(self, request, province_code: str, number: int, pk: int):
        comment = get_object_or_404(ReviewComment, pk=pk, version=self.version)
        form = ReviewAnswerForm(request.POST)
        try:
            if request.POST.get("reopen"):
                services.review_comment_reopen(comment=comment, by=request.user)
                messages.success(request, _("De opmerking staat weer open."))
            elif form.is_valid():
                services.review_comment_answer(
                    comment=comment,
                    by=request.user,
                    answer=form.cleaned_data["answer"],
                    resolve=form.cleaned_data["resolve"],
                )
                messages.success(request, _("Uw antwoord is opgeslagen."))
            else:
                messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(f"{comments_url(self.version)}#opmerking-{comment.pk}")
