"""The question form sets its fields up once (choices, help texts, character limits) and copies them for
each form (questions/forms.py `_prepared_fields`): what a visitor sees and what is accepted stays as when
every form set them up itself."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import translation

from loket.core.models import Organisation, Province
from questions.forms import AskForm
from questions.models import Question
from tests.questions.conftest import PDF

ASK = "/vragen/stellen/"


def test_each_form_shows_the_limits_once_and_its_own_input(client, db):
    client.get(ASK)
    html = client.get(ASK).content.decode()
    # the subject and the organisation's name, each once (not once more per earlier form)
    assert html.count("Hoogstens 200 tekens.") == 2
    assert str(AskForm(user=None).fields["subject"].help_text).count("Hoogstens") == 1
    assert html.count('data-max-chars="200"') >= 1
    assert 'data-suggest-source="true"' in html
    first = AskForm({"subject": "Eerste"}, user=None)
    second = AskForm({"subject": "Tweede"}, user=None)
    first.fields["subject"].widget.attrs["data-extra"] = "alleen hier"
    first.fields["province"].choices = []
    assert "data-extra" not in second.fields["subject"].widget.attrs
    assert "data-extra" not in AskForm(user=None).fields["subject"].widget.attrs
    assert len(AskForm(user=None).fields["province"].choices) == Province.objects.count() + 2


def test_a_committed_new_organisation_is_offered_and_accepted_by_the_next_form(
    client, ask_data, django_capture_on_commit_callbacks
):
    client.get(ASK)  # the fields are prepared with the lists as they are
    with django_capture_on_commit_callbacks(execute=True):
        organisation = Organisation.objects.create(code="NIEUW", name="Nieuwe Organisatie")
    assert ">Nieuwe Organisatie</option>" in client.get(ASK).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ASK, {**ask_data, "organisation": str(organisation.pk)})
    assert response.status_code == 302
    assert Question.objects.get().organisation == organisation


def test_an_unknown_organisation_is_still_refused(client, ask_data, django_capture_on_commit_callbacks):
    client.get(ASK)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ASK, {**ask_data, "organisation": "999999"})
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not Question.objects.exists()


def test_a_changed_attachment_limit_is_shown_and_applied(
    client, ask_data, django_capture_on_commit_callbacks, settings
):
    client.get(ASK)
    settings.MAX_ATTACHMENT_BYTES = 1000
    with translation.override("nl"):
        shown = str(filesizeformat(1000))
    assert f"elk hoogstens {shown}" in str(client.get(ASK).context["form"].fields["attachments"].help_text)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ASK, {**ask_data, "attachments": [SimpleUploadedFile("groot.pdf", PDF + b"0" * 2000)]})
    assert "te groot" in " ".join(response.context["form"].errors["attachments"])


def test_each_language_gets_its_own_texts(db):
    with translation.override("nl"):
        dutch = AskForm(user=None).fields["subject"].help_text
    with translation.override("en"):
        AskForm(user=None)
    with translation.override("nl"):
        assert AskForm(user=None).fields["subject"].help_text == dutch


def test_the_lists_are_shared_and_cannot_be_changed_in_place(client, ask_data, django_capture_on_commit_callbacks):
    AskForm(user=None), AskForm(user=None)  # the lists in the cache and their generation known
    first, second = AskForm(user=None), AskForm(user=None)
    assert first.fields["province"].choices is second.fields["province"].choices
    assert isinstance(first.fields["organisation"].choices.choices, tuple)
    # a form sent back with an error keeps what was chosen
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ASK, {**ask_data, "subject": ""})
    html = response.content.decode()
    assert f'<option value="{ask_data["province"]}" selected>' in html
    assert f'<option value="{ask_data["organisation"]}" selected>' in html
    assert not Question.objects.exists()
