"""Permission matrix: every URL pattern of the project, for every role, answers as the table says.

A new URL without a row in ROUTES fails `test_every_url_has_a_row`. Parameters are resolved with
objects from `matrix_objects` (see PARAMS). Expected answers: 200 (or another success code), 302
to the login page (`LOGIN`), 403, 404, 405 (POST-only endpoints answer a GET with 405).
"""

import datetime as dt

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from experts.models import Introduction, IntroductionRequest, Invitation, Referral
from experts.services import referral_create
from experts.tokens import Purpose, make_token
from loket.accounts.services import email_change_request, email_change_token
from loket.core.models import Province, Theme
from loket.core.roles import Role
from loket.mailings.models import Mailing
from loket.mailings.subscriptions import confirm_token, subscription_request, unsubscribe_token
from loket.portal.models import ArchiveRun
from loket.publications.consultations.services import comment_add, consultation_open
from loket.publications.lessons.services import lesson_submit
from loket.publications.models import PublicationAttachment, PublicationKind
from loket.publications.next_version import next_draft_start
from loket.publications.services import publication_create, publication_publish
from monitoring import services as monitoring_services
from monitoring.models import Signal
from plans import services as plan_services
from plans.importing import TEMPLATE_EXAMPLE, TEMPLATE_HEADER
from plans.models import Plan, PlannedLocation, PlanVersion
from plans.workflow import Status as PlanStatus
from questions.models import InboundMail, InboundStatus, Question, QuestionAttachment
from tests.conftest import download_text
from tests.experts.factories import ExpertFactory, make_question
from tests.plans.factories import add_locations

ROLES = [
    "anon",
    "prt_utrecht",
    "prt_gelderland",
    "cdk_utrecht",
    "coa_landelijk",
    "expert",
    "kernteam",
    "lrt",
    "beheerder",
]
LOGIN = "login"  # 302 to /inloggen/


def everyone(code=200):
    return dict.fromkeys(ROLES, code)


def logged_in(code=200):
    return {**everyone(code), "anon": LOGIN}


def only(*roles, code=200, others=403):
    return {"anon": LOGIN, **{r: (code if r in roles else others) for r in ROLES if r != "anon"}}


# url name -> expected answer per role (from the requirements: issues 3-7 and DESIGN.md).
# Objects behind the parameters: see `matrix_objects` and PARAMS. A question asked by someone else,
# a referral to another expert, the Gelderland concept version (with locations), a Gelderland signal
# with an action, an LRT meeting with the escalated Utrecht signal, a draft prognosis round.
# Unnamed admin URLs are Django's own; `admin:index` stands for them.
PRT = ("prt_utrecht", "prt_gelderland")
PARTNERS = ("prt_utrecht", "prt_gelderland", "cdk_utrecht")
OVERSIGHT = ("kernteam", "lrt")
POST_ONLY = 405


def hidden(*roles, code=200):
    """A page open to everyone (no login), but the object is only shown to `roles`: others get 404."""
    return {r: (code if r in roles else 404) for r in ROLES}


ROUTES: dict[str, dict] = {
    "admin:index": {**dict.fromkeys(ROLES, 302), "kernteam": 200, "beheerder": 200},
    "security_txt": everyone(),
    # --- loket (foundation, hardening) ---
    "loket:home": everyone(),
    "loket:login": {**everyone(302), "anon": 200},  # logged-in users are sent on
    "loket:logout": everyone(POST_ONLY),
    "loket:password_reset": everyone(),
    "loket:password_reset_done": everyone(),
    "loket:password_reset_confirm": everyone(),  # an invalid link shows a page that says so
    "loket:password_reset_complete": everyone(),
    "loket:profile": logged_in(),
    "loket:api_token": logged_in(POST_ONLY),
    # --- open-data API (issue 18): open data for everyone; the draft plan of Gelderland by the web's rules
    # (no key and no session: 401). A draft prognosis round is not open data: 404 for everyone.
    "api:docs": everyone(),
    "api:schema": everyone(),
    "api:capacity": everyone(),
    "api:capacity_provinces": everyone(),
    "api:publication-list": everyone(),
    "api:publication-detail": everyone(),
    "api:prognosis-list": everyone(),
    "api:prognosis-detail": everyone(404),
    "api:location-list": {
        **hidden("prt_gelderland", "kernteam", "lrt"),
        "anon": 401,
        "coa_landelijk": 200,
    },  # COA landelijk reads every draft (issue 16)
    "api:location-detail": {**hidden("prt_gelderland", "kernteam", "lrt"), "anon": 401, "coa_landelijk": 200},
    "loket:email_change_confirm": everyone(),  # the signed link is the proof; GET shows a button
    "loket:contact": everyone(),
    "loket:privacy": everyone(),
    "loket:accessibility": everyone(),
    "loket:health": everyone(),
    "loket:publications": everyone(),
    "loket:subscribe": everyone(),
    "loket:subscribe_sent": everyone(302),  # without a request just sent: back to the form
    # --- two-factor pages (django-two-factor-auth) ---
    "two_factor:login": {**everyone(302), "anon": 200},  # the same page as loket:login
    "two_factor:verify_moved": everyone(302),  # the old code page: on to the login
    # Anyone logged in may link an app; who has one already (the test client's required roles) is sent on.
    "two_factor:setup": {**logged_in(), "kernteam": 302, "lrt": 302, "coa_landelijk": 302, "beheerder": 302},
    "two_factor:qr": logged_in(404),  # only while setting up (the key is in the session)
    "two_factor:backup_tokens": only(
        "kernteam", "lrt", "coa_landelijk", "beheerder", others=LOGIN
    ),  # after the code only
    "two_factor:profile": logged_in(),
    "two_factor:disable": {**everyone(302), "anon": LOGIN},  # required roles and users without an app: sent back
    # --- questions (issue 3) ---
    "questions:ask": everyone(),
    "questions:submitted": everyone(302),  # without a question just submitted: back to the form
    "questions:suggest": everyone(),
    "questions:follow": everyone(),  # the private link is the key
    "questions:follow_attachment": everyone(),
    "questions:feedback": everyone(),  # "Heeft dit antwoord u geholpen?" behind the same private link
    "questions:mine": logged_in(),
    "loket:dashboard": only("kernteam"),
    # the end of the arrangement (issue 17): the archive is started by the Beheerder only (POST)
    "loket:closing": only("kernteam", "beheerder"),
    "loket:archive": only("beheerder", code=POST_ONLY),
    "loket:archive_progress": only("kernteam", "beheerder"),
    "questions:list": only("kernteam"),
    "questions:bulk_assign": only("kernteam", code=POST_ONLY),
    "questions:detail": only("kernteam"),
    "questions:attachment": only("kernteam"),
    "questions:inbound_mail": only("kernteam", "beheerder"),  # the original of a received mail (.eml)
    # --- experts (issue 4) ---
    "experts:directory": only(*PARTNERS, "expert", "kernteam", "lrt", "beheerder"),
    "experts:request_introduction": only(*PARTNERS, "expert", "kernteam", "lrt", "beheerder"),  # GET: confirm
    "experts:my_profile": {**logged_in(404), "expert": 200},  # no expert profile of your own: 404
    "experts:manage_request": everyone(),
    "experts:manage": everyone(),  # signed link, no account needed
    "experts:join": everyone(),
    "experts:respond": everyone(),
    "experts:introduction_consent": everyone(),
    "experts:core": only("kernteam"),
    "experts:invite": only("kernteam", code=302),  # the form lives on experts:core; GET goes there
    "experts:detail": only("kernteam"),
    "experts:introduction_create": only("kernteam"),
    "experts:introduction_request_close": only("kernteam", code=POST_ONLY),
    "experts:refer": only("kernteam"),
    "experts:referral_review": only("kernteam"),
    "experts:referral_withdraw": only("kernteam", code=POST_ONLY),
    # --- plans (issue 5); version URLs point at the Gelderland concept ---
    "plans:index": everyone(),
    "plans:capacity": everyone(),
    "plans:capacity_export": everyone(),
    "plans:prognosis": everyone(),
    "plans:prognosis_create": only("kernteam"),
    "plans:prognosis_detail": hidden("kernteam"),  # a draft round
    "plans:prognosis_update": only("kernteam"),
    "plans:prognosis_publish": only("kernteam", code=POST_ONLY),
    "plans:prognosis_delete": only("kernteam", code=POST_ONLY),
    "plans:prognosis_export": hidden("kernteam"),
    "plans:import_template": everyone(),
    "plans:plan_detail": everyone(),  # lists only the versions the user may see
    "plans:version_start": only(*PRT, code=POST_ONLY),
    "plans:version_compare": hidden("prt_gelderland", "kernteam", "lrt", "coa_landelijk"),  # no visible version: 404
    "plans:version_detail": hidden("prt_gelderland", "kernteam", "lrt", "coa_landelijk"),
    "plans:version_edit": {**only("prt_gelderland"), "prt_utrecht": 404},
    "plans:version_transition": only(*PRT, "cdk_utrecht", "kernteam", "lrt", code=POST_ONLY),
    "plans:version_export": hidden("prt_gelderland", "kernteam", "lrt", "coa_landelijk"),
    "plans:location_import": {**only("prt_gelderland"), "prt_utrecht": 404},
    # An import preview of prt_gelderland: only that person sees it (another PRT-lid of Gelderland: 404).
    "plans:location_import_preview": {**only("prt_gelderland"), "prt_utrecht": 404},
    "plans:location_create": {**only("prt_gelderland"), "prt_utrecht": 404},
    "plans:location_update": {**only("prt_gelderland"), "prt_utrecht": 404},
    "plans:location_delete": {**only("prt_gelderland", code=POST_ONLY), "prt_utrecht": 404},
    # --- plans (issue 16): review comments of the Gelderland concept, a Gelderland support request ---
    "plans:version_comments": {
        **only("prt_gelderland", "kernteam", "lrt", "coa_landelijk"),
        "prt_utrecht": 404,
        "cdk_utrecht": 404,
    },
    "plans:comment_answer": {**only("prt_gelderland", code=POST_ONLY), "prt_utrecht": 404},
    "plans:location_realisation": {**only("prt_gelderland"), "prt_utrecht": 404},
    "plans:support": only(*PARTNERS, "kernteam"),
    "plans:support_create": only(*PARTNERS),
    "plans:support_detail": {**only("prt_gelderland", "kernteam"), "prt_utrecht": 404, "cdk_utrecht": 404},
    # --- monitoring (issue 6); signal URLs point at the Gelderland signal ---
    "monitoring:register": only(*PARTNERS, *OVERSIGHT),
    "monitoring:matrix": only(*PARTNERS, *OVERSIGHT),
    "monitoring:register_export": only(*OVERSIGHT),
    "monitoring:signal_create": only("kernteam"),
    "monitoring:signal_report": only(*PARTNERS),  # PRT-lid and CdK-medewerker (issue 16)
    "monitoring:signal_detail": {**only("prt_gelderland", *OVERSIGHT), "prt_utrecht": 404, "cdk_utrecht": 404},
    "monitoring:signal_update": only("kernteam"),
    "monitoring:signal_transition": only("kernteam", code=POST_ONLY),
    "monitoring:signal_escalate": only("kernteam"),
    "monitoring:action_add": only("kernteam", code=POST_ONLY),
    "monitoring:action_done": only(*OVERSIGHT, code=POST_ONLY),
    "monitoring:meeting_list": only(*OVERSIGHT),
    "monitoring:meeting_create": only(*OVERSIGHT),  # DESIGN: the LRT secretary records LRT meetings
    "monitoring:meeting_detail": only(*OVERSIGHT),
    "monitoring:decision": only("lrt"),
    "monitoring:escalation_report": only(*OVERSIGHT),
    "monitoring:evaluation_report": only(*OVERSIGHT),
    "monitoring:plan_monitoring": only(*OVERSIGHT, "cdk_utrecht"),  # the CdK: own province only
    "monitoring:stage_deadlines": only("kernteam"),
    "monitoring:evaluation": only(*OVERSIGHT),
    "monitoring:evaluation_export": only(*OVERSIGHT),
    # --- loket publications / search / subscriptions / mailings (issue 7) ---
    "loket:profile_subscription": logged_in(),
    "loket:publications_feed": everyone(),
    "loket:publication_detail": everyone(),  # a published framework; drafts: test_draft_publication_*
    "loket:publication_revision": everyone(),
    "loket:publication_attachment": everyone(),
    "loket:search": everyone(),
    "loket:subscription_confirm": everyone(),  # GET shows a button: link scanners confirm nothing
    "loket:unsubscribe": everyone(),
    "loket:publications_manage": only("kernteam"),
    "loket:publication_create": only("kernteam"),
    "loket:publication_edit": only("kernteam"),
    "loket:publication_publish": only("kernteam", code=POST_ONLY),
    "loket:publication_withdraw": only("kernteam", code=POST_ONLY),
    "loket:publication_attachment_add": only("kernteam", code=POST_ONLY),
    "loket:publication_attachment_delete": only("kernteam", code=POST_ONLY),
    # the draft of the next version of the published kader (issue 15): the core team only
    "loket:publication_next_draft": only("kernteam"),
    "loket:publication_next_draft_start": only("kernteam", code=POST_ONLY),
    "loket:publication_next_draft_publish": only("kernteam", code=POST_ONLY),
    "loket:publication_next_draft_discard": only("kernteam", code=POST_ONLY),
    "questions:faq_from_question": only("kernteam", code=POST_ONLY),
    "loket:mailings": only("kernteam"),
    "loket:mailing_create": only("kernteam"),
    "loket:mailing_detail": only("kernteam"),
    "loket:mailing_edit": only("kernteam"),
    "loket:mailing_test": only("kernteam", code=POST_ONLY),
    "loket:mailing_send": only("kernteam", code=POST_ONLY),
    # --- consultation on a draft kader and lessons from the field (issue 15) ---
    # The round on "Concept kader" invites the PRT-leden; prt_utrecht commented and submitted a lesson.
    "loket:consultation": {**only("prt_utrecht", "prt_gelderland", "kernteam", others=404)},  # invitees + core
    "loket:consultation_comment_edit": only("prt_utrecht", others=404),  # only the author
    "loket:consultation_reactienota": hidden("prt_utrecht", "prt_gelderland", "kernteam"),  # public once published
    "loket:consultation_changes": hidden("prt_utrecht", "prt_gelderland", "kernteam"),
    "loket:consultations_manage": only("kernteam"),
    "loket:consultation_open": only("kernteam"),
    "loket:consultation_manage": only("kernteam"),
    "loket:consultation_answer": only("kernteam", code=POST_ONLY),
    "loket:consultation_close": only("kernteam", code=POST_ONLY),
    "loket:lesson_submit": only(*PARTNERS),
    "loket:lessons_mine": only(*PARTNERS),
    "loket:lesson_mine": {**only(*PARTNERS, others=403), "prt_gelderland": 404, "cdk_utrecht": 404},  # own only
    "loket:lessons_manage": only("kernteam"),
    "loket:lesson_manage": only("kernteam"),
    "loket:lesson_publish": only("kernteam", code=POST_ONLY),
}


def all_url_names(resolver=None, namespace="") -> list[tuple[str, URLPattern]]:
    resolver = resolver or get_resolver()
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            found += all_url_names(entry, f"{namespace}{ns}:" if ns else namespace)
        elif entry.name:
            found.append((f"{namespace}{entry.name}", entry))
    return found


PROJECT_NAMESPACES = ("loket:", "questions:", "experts:", "plans:", "monitoring:", "two_factor:", "api:")
PROJECT_NAMES = ("security_txt",)  # project URLs outside a namespace


def project_url_names() -> set[str]:
    return {name for name, _ in all_url_names() if name.startswith(PROJECT_NAMESPACES) or name in PROJECT_NAMES}


# URL keyword -> value, from the objects made by matrix_objects. "<url name>.<keyword>" wins over
# "<keyword>" (e.g. `token` and `pk` mean something else per URL).
PARAMS = {
    "uidb64": lambda o: "MQ",
    "token": lambda o: "ongeldig-token",
    "fmt": lambda o: "csv",
    "province_code": lambda o: "PV25",
    "number": lambda o: o["gelderland_concept"].number,
    "question_pk": lambda o: o["question"].pk,  # e.g. questions:faq_from_question (agreed name)
    "questions:follow.token": lambda o: o["question"].token,
    "questions:follow_attachment.token": lambda o: o["question"].token,
    "questions:feedback.token": lambda o: o["question"].token,
    "questions:feedback.message_pk": lambda o: (
        o["question"]
        .messages.get_or_create(kind="antwoord", defaults={"body": "Antwoord", "author_name": "Kernteam"})[0]
        .pk
    ),
    "questions:follow_attachment.attachment_pk": lambda o: o["attachment"].pk,
    "questions:detail.pk": lambda o: o["question"].pk,
    "questions:attachment.pk": lambda o: o["question"].pk,
    "questions:attachment.attachment_pk": lambda o: o["attachment"].pk,
    "questions:inbound_mail.pk": lambda o: o["inbound_mail"].pk,
    "experts:request_introduction.pk": lambda o: o["other_expert"].pk,
    "experts:detail.pk": lambda o: o["other_expert"].pk,
    "experts:manage.token": lambda o: o["manage_token"],
    "experts:join.token": lambda o: o["invitation_token"],
    "experts:respond.token": lambda o: o["referral_token"],
    "experts:introduction_consent.token": lambda o: o["introduction_token"],
    "experts:introduction_request_close.pk": lambda o: o["introduction_request"].pk,
    "experts:refer.question_pk": lambda o: o["question"].pk,
    "experts:referral_review.pk": lambda o: o["referral"].pk,
    "experts:referral_withdraw.pk": lambda o: o["referral"].pk,
    "plans:import_template.fmt": lambda o: "xlsx",
    "plans:prognosis_detail.pk": lambda o: o["draft_round"].pk,
    "plans:prognosis_update.pk": lambda o: o["draft_round"].pk,
    "plans:prognosis_publish.pk": lambda o: o["draft_round"].pk,
    "plans:prognosis_delete.pk": lambda o: o["draft_round"].pk,
    "plans:prognosis_export.pk": lambda o: o["draft_round"].pk,
    "plans:location_import_preview.token": lambda o: o["gelderland_import"].token,
    "plans:location_update.pk": lambda o: o["gelderland_location"].pk,
    "provincie": lambda o: "PV25",
    "api:publication-detail.slug": lambda o: o["framework"].slug,
    "api:prognosis-detail.pk": lambda o: o["draft_round"].pk,
    "api:location-detail.pk": lambda o: o["gelderland_location"].pk,
    "plans:location_delete.pk": lambda o: o["gelderland_location"].pk,
    "plans:location_realisation.pk": lambda o: o["gelderland_location"].pk,
    "plans:comment_answer.pk": lambda o: o["gelderland_comment"].pk,
    "plans:support_detail.pk": lambda o: o["gelderland_support"].pk,
    "monitoring:signal_detail.pk": lambda o: o["gelderland_signal"].pk,
    "monitoring:signal_update.pk": lambda o: o["gelderland_signal"].pk,
    "monitoring:signal_transition.pk": lambda o: o["gelderland_signal"].pk,
    "monitoring:signal_escalate.pk": lambda o: o["gelderland_signal"].pk,
    "monitoring:action_add.pk": lambda o: o["gelderland_signal"].pk,
    "monitoring:action_done.pk": lambda o: o["gelderland_signal"].pk,
    "monitoring:action_done.action_pk": lambda o: o["action"].pk,
    "monitoring:meeting_detail.pk": lambda o: o["meeting"].pk,
    "monitoring:decision.pk": lambda o: o["meeting"].pk,
    "monitoring:decision.signal_pk": lambda o: o["utrecht_signal"].pk,
    "monitoring:escalation_report.pk": lambda o: o["meeting"].pk,
    "slug": lambda o: o["framework"].slug,
    "loket:publication_revision.version": lambda o: o["framework"].version,
    "loket:publication_attachment.pk": lambda o: o["framework_attachment"].pk,
    "loket:publication_edit.pk": lambda o: o["framework"].pk,
    "loket:publication_publish.pk": lambda o: o["draft_publication"].pk,
    "loket:publication_withdraw.pk": lambda o: o["framework"].pk,
    "loket:publication_attachment_add.pk": lambda o: o["framework"].pk,
    "loket:publication_attachment_delete.pk": lambda o: o["framework"].pk,
    "loket:publication_next_draft.pk": lambda o: o["framework"].pk,
    "loket:publication_next_draft_start.pk": lambda o: o["framework"].pk,
    "loket:publication_next_draft_publish.pk": lambda o: o["framework"].pk,
    "loket:publication_next_draft_discard.pk": lambda o: o["framework"].pk,
    "attachment_pk": lambda o: o["framework_attachment"].pk,
    "loket:subscription_confirm.token": lambda o: o["subscription_confirm_token"],
    "loket:unsubscribe.token": lambda o: o["unsubscribe_token"],
    "loket:email_change_confirm.token": lambda o: o["email_change_token"],
    "loket:mailing_detail.pk": lambda o: o["mailing"].pk,
    "loket:mailing_edit.pk": lambda o: o["mailing"].pk,
    "loket:mailing_test.pk": lambda o: o["mailing"].pk,
    "loket:mailing_send.pk": lambda o: o["mailing"].pk,
    "loket:archive_progress.pk": lambda o: o["archive_run"].pk,
    "loket:consultation.slug": lambda o: o["consultation"].publication.slug,
    "loket:consultation_comment_edit.slug": lambda o: o["consultation"].publication.slug,
    "loket:consultation_comment_edit.pk": lambda o: o["consultation_comment"].pk,
    "loket:consultation_reactienota.slug": lambda o: o["consultation"].publication.slug,
    "loket:consultation_reactienota.pk": lambda o: o["consultation"].pk,
    "loket:consultation_reactienota.fmt": lambda o: "pdf",
    "loket:consultation_changes.slug": lambda o: o["consultation"].publication.slug,
    "loket:consultation_changes.pk": lambda o: o["consultation"].pk,
    "loket:consultation_open.pk": lambda o: o["consultation"].publication.pk,
    "loket:consultation_manage.pk": lambda o: o["consultation"].pk,
    "loket:consultation_answer.pk": lambda o: o["consultation"].pk,
    "comment_pk": lambda o: o["consultation_comment"].pk,
    "loket:consultation_close.pk": lambda o: o["consultation"].pk,
    "loket:lesson_mine.pk": lambda o: o["lesson"].pk,
    "loket:lesson_manage.pk": lambda o: o["lesson"].pk,
    "loket:lesson_publish.pk": lambda o: o["lesson"].pk,
}


def build_matrix_objects(users) -> dict:
    """Real objects for every URL parameter, made through the apps' services and models."""
    utrecht = Province.objects.get(code="PV26")
    gelderland = Province.objects.get(code="PV25")
    theme = Theme.objects.get(code="KWA-VER")
    kernteam, lrt = users["kernteam"], users["lrt"]

    # A question asked by someone else (not one of the role users), with an attachment.
    question = make_question(themes=[theme], province=utrecht, email="iemand-anders@test.example")
    attachment = QuestionAttachment(
        question=question, original_name="notitie.pdf", content_type="application/pdf", size=20
    )
    attachment.file.save("notitie.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    inbound_mail = InboundMail(message_id="<matrix@test.example>", status=InboundStatus.PROCESSED, question=question)
    inbound_mail.raw.save("origineel.eml", ContentFile(b"Subject: vraag\r\n\r\ntekst\r\n"), save=True)

    # Experts: the role user's own profile, and another expert with a referral and a manage link.
    own_expert = ExpertFactory(user=users["expert"], name="Eigen Deskundige", email="expert@test.example")
    other_expert = ExpertFactory(name="Andere Deskundige", email="andere@test.example", themes=[theme])
    referral = referral_create(question=question, expert=other_expert, note="Graag uw blik hierop.", by=kernteam)
    invitation = Invitation.objects.create(email="nieuw@test.example", name="Nieuwe Deskundige", invited_by=kernteam)
    introduction = Introduction.objects.create(
        expert=other_expert,
        party_a_name=other_expert.name,
        party_a_email=other_expert.email,
        party_b_name="Bea Vrager",
        party_b_email="bea@test.example",
        reason="Kennismaking over flexibele opvang.",
        created_by=kernteam,
    )
    introduction_request = IntroductionRequest.objects.create(expert=other_expert, requested_by=users["prt_utrecht"])

    # Plans: Utrecht and Gelderland concepts (Gelderland with locations), a draft and a published round.
    utrecht_concept = PlanVersion.objects.create(plan=Plan.objects.get_or_create(province=utrecht)[0], number=1)
    gelderland_concept = PlanVersion.objects.create(
        plan=Plan.objects.get_or_create(province=gelderland)[0], number=1, status=PlanStatus.CONCEPT
    )
    add_locations(utrecht_concept, 2)
    add_locations(gelderland_concept, 3, municipality="Arnhem")
    gelderland_import = plan_services.locations_import_preview(
        version=gelderland_concept, rows=[TEMPLATE_HEADER, TEMPLATE_EXAMPLE], by=users["prt_gelderland"]
    )
    published_round = plan_services.prognosis_round_create(
        reference_date=dt.date(2026, 1, 1), source="Gepubliceerde prognose", by=kernteam, national_total=31000
    )
    plan_services.prognosis_round_publish(round_=published_round, by=kernteam)
    draft_round = plan_services.prognosis_round_create(
        reference_date=dt.date(2026, 7, 1), source="Concept prognose", by=kernteam, national_total=42000
    )
    gelderland_comment = plan_services.review_comment_add(version=gelderland_concept, by=kernteam, body="Klopt dit?")
    gelderland_support = plan_services.support_request_create(
        by=users["prt_gelderland"], province=gelderland, kind="rekenhulp", description="Hulp bij de rekensom."
    )

    # Monitoring: a Utrecht signal escalated to an LRT meeting; a Gelderland signal with an action.
    common = {"by": kernteam, "impact": 3, "likelihood": 4, "theme": theme}
    utrecht_signal = monitoring_services.signal_create(
        kind="risico", title="Risico Utrecht", description="Te weinig plekken.", provinces=[utrecht], **common
    )
    gelderland_signal = monitoring_services.signal_create(
        kind="issue", title="Issue Gelderland", description="Locatie valt af.", provinces=[gelderland], **common
    )
    action = monitoring_services.action_add(
        signal=gelderland_signal, by=kernteam, what="Bellen met gemeente", who="Kernteam"
    )
    meeting = monitoring_services.meeting_create(by=lrt, date=timezone.localdate() + dt.timedelta(days=14), title="LRT")
    escalation = monitoring_services.signal_escalate(
        signal=utrecht_signal, meeting=meeting, proposal="Besluit nemen.", by=kernteam
    )

    return {
        "users": users,
        "question": question,
        "attachment": attachment,
        "inbound_mail": inbound_mail,
        "own_expert": own_expert,
        "other_expert": other_expert,
        "referral": referral,
        "referral_token": make_token(Purpose.REFERRAL, pk=referral.pk, nonce=referral.token_nonce),
        "manage_token": make_token(Purpose.MANAGE, pk=other_expert.pk, nonce=other_expert.link_nonce),
        "invitation": invitation,
        "invitation_token": make_token(Purpose.INVITATION, pk=invitation.pk, nonce=invitation.nonce),
        "introduction": introduction,
        "introduction_token": make_token(Purpose.INTRODUCTION, pk=introduction.pk, nonce=introduction.nonce, extra="b"),
        "introduction_request": introduction_request,
        "utrecht_concept": utrecht_concept,
        "gelderland_concept": gelderland_concept,
        "gelderland_location": gelderland_concept.locations.order_by("pk").first(),
        "gelderland_import": gelderland_import,
        "gelderland_comment": gelderland_comment,
        "gelderland_support": gelderland_support,
        "published_round": published_round,
        "draft_round": draft_round,
        "utrecht_signal": utrecht_signal,
        "gelderland_signal": gelderland_signal,
        "action": action,
        "meeting": meeting,
        "escalation": escalation,
    }


def build_loket_objects(users) -> dict:
    core = users["kernteam"]
    framework = publication_create(
        data={
            "kind": PublicationKind.FRAMEWORK,
            "title": "Kader locatiecriteria",
            "summary": "Criteria",
            "body": "Tekst",
        },
        by=core,
    )
    framework = publication_publish(publication=framework, by=core)
    next_draft_start(publication=framework, by=core)  # the draft of version 2 (never public)
    attachment = PublicationAttachment.objects.create(
        publication=framework,
        file=ContentFile(b"%PDF-1.4 matrix", name="kader.pdf"),
        original_name="kader.pdf",
        content_type="application/pdf",
        size=15,
    )
    draft = publication_create(
        data={"kind": PublicationKind.NEWS, "title": "Concept nieuwsbericht", "summary": "Nog niet af", "body": "x"},
        by=core,
    )
    subscription = subscription_request(email="abonnee@matrix.example", general_news=True)
    return {
        "framework": framework,
        "framework_attachment": attachment,
        "draft_publication": draft,
        "subscription_confirm_token": confirm_token(subscription),
        "unsubscribe_token": unsubscribe_token(subscription.email),
        "email_change_token": email_change_token(
            email_change_request(user=users["no_role"], new_email="nieuw@matrix.example")
        ),
        "mailing": Mailing.objects.create(subject="Nieuwsbrief", body="Tekst", created_by=core),
        "archive_run": ArchiveRun.objects.create(started_by=users["beheerder"], status="klaar", output="/tmp/x"),
        **build_consultation_objects(users),
    }


def build_consultation_objects(users) -> dict:
    """A round on a draft kader for the PRT-leden with prt_utrecht's comment; prt_utrecht's lesson."""
    core = users["kernteam"]
    draft = publication_create(
        data={"kind": PublicationKind.FRAMEWORK, "title": "Concept kader", "body": "## Kop\n\nTekst"}, by=core
    )
    consultation = consultation_open(
        publication=draft, closes_on=timezone.localdate() + dt.timedelta(days=10), roles=[Role.PRT], by=core
    )
    comment = comment_add(consultation=consultation, user=users["prt_utrecht"], text="Reactie", anchor="h-kop")
    lesson = lesson_submit(
        data={"title": "Les", "tried": "Iets", "place": "Houten", "worked": "Goed"},
        themes=[Theme.objects.get(code="KWA-VER")],
        by=users["prt_utrecht"],
    )
    return {"consultation": consultation, "consultation_comment": comment, "lesson": lesson}


@pytest.fixture
def matrix_objects(db, users):
    return {**build_matrix_objects(users), **build_loket_objects(users)}


def url_for(name: str, objs: dict) -> str:
    pattern = dict(all_url_names())[name]
    kwargs = {key: PARAMS.get(f"{name}.{key}", PARAMS.get(key))(objs) for key in pattern.pattern.regex.groupindex}
    return reverse(name, kwargs=kwargs)


def answer_matches(response, want) -> bool:
    if want == LOGIN:
        return response.status_code == 302 and response.url.startswith(reverse("loket:login"))
    return response.status_code == want


def test_every_url_has_a_row():
    missing = sorted(project_url_names() - set(ROUTES))
    assert not missing, f"URL's zonder rij in de permissiematrix: {missing}"
    stale = sorted(set(ROUTES) - project_url_names() - {"admin:index"})
    assert not stale, f"Rijen zonder URL: {stale}"


def test_every_row_has_every_role():
    assert all(set(expected) == set(ROLES) for expected in ROUTES.values())


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client_for, matrix_objects, role):
    client = client_for(None if role == "anon" else role)  # one client per role, for every URL
    failures = []
    for name, expected in sorted(ROUTES.items()):
        url = url_for(name, matrix_objects)
        response = client.get(url)
        want = expected[role]
        if not answer_matches(response, want):
            failures.append(f"{name} {url}: verwacht {want}, kreeg {response.status_code}")
    assert not failures, "\n".join(failures)


def state_snapshot() -> dict:
    """Counts and statuses of everything a refused POST could change."""
    snapshot = {}
    for label in ("questions", "experts", "plans", "monitoring"):
        for model in apps.get_app_config(label).get_models():
            rows = model.objects.all()
            fields = {f.name for f in model._meta.concrete_fields}
            keep = [
                f for f in ("status", "assignee", "published_at", "consent_withdrawn_at", "decision") if f in fields
            ]
            snapshot[model._meta.label] = sorted(map(str, rows.values_list("pk", *keep))) if keep else rows.count()
    return snapshot


REFUSED = (LOGIN, 403, 404)


@pytest.mark.parametrize("role", ROLES)
def test_refused_roles_cannot_post(client_for, matrix_objects, role):
    """Every URL a role may not open also refuses that role's POST (login / 403 / 404) and changes
    nothing: also the POST-only endpoints (publish, delete, transitions, assign, withdraw)."""
    client = client_for(None if role == "anon" else role)
    before = state_snapshot()
    failures = []
    for name, expected in sorted(ROUTES.items()):
        if expected[role] not in REFUSED or name == "admin:index":
            continue
        url = url_for(name, matrix_objects)
        data = {"to": "vastgesteld", "status": "gesloten", "action": "withdraw", "assignee": "1", "body": "x"}
        response = client.post(url, data)
        # 405: a read-only page that takes no POST at all (it changes nothing either).
        refused = any(answer_matches(response, code) for code in (*REFUSED, 405))
        if not refused:
            failures.append(f"POST {name} {url}: kreeg {response.status_code}")
    assert not failures, "\n".join(failures)
    assert state_snapshot() == before


# --- Object level: another province's draft plan and signals, another asker's question, another
# expert's referral: not by list, detail, search, export or a guessed id.

PARTNER_ROLES = ("anon", "prt_utrecht", "cdk_utrecht", "expert", "beheerder")


@pytest.mark.parametrize("role", PARTNER_ROLES)
def test_no_one_reaches_another_provinces_draft_plan(client_for, matrix_objects, role):
    """The Gelderland concept (locations in Arnhem) stays hidden from Utrecht, visitors and others."""
    client = client_for(None if role == "anon" else role)
    for url in ("/plannen/", "/plannen/PV25/", "/plannen/capaciteit/"):
        body = client.get(url).content.decode()
        assert "Arnhem" not in body and "/plannen/PV25/v1/" not in body, url
    for number in range(0, 6):  # guessed version numbers
        for suffix in ("", "export.xlsx", "teksten/", "importeren/", "locaties/nieuw/"):
            response = client.get(f"/plannen/PV25/v{number}/{suffix}")
            assert response.status_code in (302, 403, 404), (number, suffix, response.status_code)
            assert response.status_code != 302 or "/inloggen/" in response.url
    assert client.get("/plannen/PV25/vergelijken/?van=1&met=1").status_code == 404
    # Guessed ids of the Gelderland locations, also through the URL of a version the user may edit.
    for location in PlannedLocation.objects.filter(version__plan__province__code="PV25"):
        for code, number in (("PV25", 1), ("PV26", 1)):
            response = client.get(f"/plannen/{code}/v{number}/locaties/{location.pk}/")
            assert response.status_code in (302, 403, 404)
    assert "Arnhem" not in download_text(client.get("/plannen/capaciteit/export.csv"))


def test_prt_utrecht_cannot_edit_the_gelderland_draft(client_for, matrix_objects):
    client = client_for("prt_utrecht")
    location = matrix_objects["gelderland_location"]
    before = state_snapshot()
    posts = [
        ("/plannen/PV25/v1/teksten/", {"scaling": "Overgenomen"}),
        ("/plannen/PV25/v1/locaties/nieuw/", {"name": "X", "municipality": "Utrecht", "capacity": "5"}),
        (f"/plannen/PV25/v1/locaties/{location.pk}/", {"name": "Gekaapt", "capacity": "1"}),
        (f"/plannen/PV25/v1/locaties/{location.pk}/verwijderen/", {}),
        ("/plannen/PV25/v1/status/", {"to": "in_prt"}),
        ("/plannen/PV25/nieuwe-versie/", {}),
        # Their own version's URL with the Gelderland location id:
        (f"/plannen/PV26/v1/locaties/{location.pk}/", {"name": "Gekaapt", "capacity": "1"}),
        (f"/plannen/PV26/v1/locaties/{location.pk}/verwijderen/", {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code in (403, 404), url
    assert state_snapshot() == before
    assert PlannedLocation.objects.get(pk=location.pk).name == location.name


@pytest.mark.parametrize("role", ("anon", "prt_utrecht", "cdk_utrecht", "expert", "beheerder"))
def test_no_one_reaches_another_provinces_signals(client_for, matrix_objects, role):
    """Utrecht partners see the Utrecht signal, never the Gelderland one; others see none."""
    client = client_for(None if role == "anon" else role)
    gelderland = matrix_objects["gelderland_signal"]
    for url in ("/monitoring/", "/monitoring/?q=Gelderland", "/monitoring/matrix/", "/monitoring/export.csv"):
        response = client.get(url)
        assert "Issue Gelderland" not in response.content.decode(errors="replace"), url
    for signal in (
        Signal.objects.exclude(provinces__code="PV26")
        if role in ("prt_utrecht", "cdk_utrecht")
        else Signal.objects.all()
    ):
        for suffix in ("", "bewerken/", "escaleren/"):
            response = client.get(f"/monitoring/signalen/{signal.pk}/{suffix}")
            assert response.status_code in (302, 403, 404), (signal.pk, suffix)
    for pk in range(gelderland.pk + 1, gelderland.pk + 5):  # ids that do not exist (yet)
        assert client.get(f"/monitoring/signalen/{pk}/").status_code in (302, 403, 404)
    if role in ("prt_utrecht", "cdk_utrecht"):
        assert client.get(f"/monitoring/signalen/{matrix_objects['utrecht_signal'].pk}/").status_code == 200


@pytest.mark.parametrize("role", ("anon", "prt_utrecht", "prt_gelderland", "cdk_utrecht", "expert", "lrt", "beheerder"))
def test_no_one_reaches_another_askers_question(client_for, matrix_objects, role):
    client = client_for(None if role == "anon" else role)
    question, attachment = matrix_objects["question"], matrix_objects["attachment"]
    if role != "anon":
        assert question.subject not in client.get("/vragen/").content.decode()
    for other in Question.objects.all():  # guessed ids: core-team pages, attachments, referral page
        for url in (
            f"/kernteam/vragen/{other.pk}/",
            f"/kernteam/vragen/{other.pk}/bijlagen/{attachment.pk}/",
            f"/kernteam/vragen/{other.pk}/doorverwijzen/",
        ):
            assert client.get(url).status_code in (302, 403, 404), url
    assert client.get("/kernteam/vragen/?q=Hoe").status_code in (302, 403)
    # Guessed or tampered private links reveal nothing.
    for token in (question.token[:-1], question.token + "x", "0" * 43, question.token.upper()):
        assert client.get(f"/vragen/volgen/{token}/").status_code == 404
    # Another question's token with this attachment id: 404.
    mine = Question.objects.create(
        reference="V-2026-99999",
        year=2026,
        sequence=99999,
        asker_name="Ik",
        asker_email="ik@test.example",
        subject="Mijn vraag",
        body="Tekst",
        consent_at=question.consent_at,
        received_at=question.received_at,
        due_date=question.due_date,
    )
    for pk in QuestionAttachment.objects.values_list("pk", flat=True):
        assert client.get(f"/vragen/volgen/{mine.token}/bijlagen/{pk}/").status_code == 404


def test_expert_does_not_reach_another_experts_referral(client_for, matrix_objects):
    """The Deskundige role user sees only referrals to their own profile."""
    client = client_for("expert")
    referral = matrix_objects["referral"]
    body = client.get("/deskundigen/mijn-profiel/").content.decode()
    assert referral.question.subject not in body
    for pk in Referral.objects.values_list("pk", flat=True):
        assert client.get(f"/kernteam/doorverwijzingen/{pk}/").status_code == 403
    assert client.get(f"/kernteam/deskundigen/{matrix_objects['other_expert'].pk}/").status_code == 403
    # Signed links: a guessed or forged token never opens a referral.
    own = matrix_objects["own_expert"]
    for token in (
        make_token(Purpose.REFERRAL, pk=referral.pk, nonce="geraden"),  # right id, wrong nonce
        make_token(Purpose.MANAGE, pk=referral.pk, nonce=referral.token_nonce),  # another purpose
        make_token(Purpose.REFERRAL, pk=referral.pk, nonce=own.link_nonce),
        matrix_objects["referral_token"][:-2] + "xx",  # tampered signature
    ):
        response = client.get(f"/deskundigen/verwijzing/{token}/")
        assert referral.question.subject not in response.content.decode()
        assert response.status_code in (400, 404, 410) and "Graag uw blik hierop." not in response.content.decode()
    # Another expert's manage link with the own expert's id is refused.
    forged = make_token(Purpose.MANAGE, pk=own.pk, nonce=matrix_objects["other_expert"].link_nonce)
    assert own.email not in client.get(f"/deskundigen/profiel/{forged}/").content.decode()


@pytest.mark.parametrize(
    "role,read,edit",
    [
        ("prt_utrecht", 200, 200),
        ("cdk_utrecht", 200, 403),  # the CdK reads its own province's versions, never edits
        ("prt_gelderland", 404, 404),
        ("kernteam", 200, 403),
        ("lrt", 200, 403),
        ("expert", 404, 403),
        ("beheerder", 404, 403),
    ],
)
def test_own_province_draft_plan(client_for, matrix_objects, role, read, edit):
    client = client_for(role)
    assert client.get("/plannen/PV26/v1/").status_code == read
    assert client.get("/plannen/PV26/v1/export.xlsx").status_code == read
    assert client.get("/plannen/PV26/v1/teksten/").status_code == edit


@pytest.mark.parametrize("role", ROLES)
def test_draft_publication_only_for_the_core_team(client_for, matrix_objects, role):
    """A draft is never shown to anyone but the core team: not by its page, the list, the feed or search."""
    draft = matrix_objects["draft_publication"]
    client = client_for(None if role == "anon" else role)
    detail = client.get(reverse("loket:publication_detail", kwargs={"slug": draft.slug}))
    assert detail.status_code == (200 if role == "kernteam" else 404)
    for url in (
        reverse("loket:publications"),
        reverse("loket:publications_feed"),
        reverse("loket:search") + "?q=Concept",
    ):
        if role != "kernteam":
            assert draft.title not in client.get(url).content.decode(), url
