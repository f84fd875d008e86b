"""The question list's FilterSet is built from a prototype per process, language and reference lists
(loket/core/filtersets.py): no deep copy of its filters and form fields per request, yet every FilterSet
filters with its own methods, and nothing one request renders or validates reaches the next."""

from django.http import QueryDict

from loket.core.filterforms import cached_filter_form
from loket.core.models import Province
from questions.filters import QuestionFilter
from questions.models import Question
from tests.questions.factories import QuestionFactory


def _filter(query: str = "") -> QuestionFilter:
    return QuestionFilter(QueryDict(query) if query else None, queryset=Question.objects.all())


def test_filtersets_share_the_prototype_but_filter_on_their_own(db):
    one, two = _filter("province=landelijk"), _filter("assignee=niemand")
    assert one.form.fields["province"] is two.form.fields["province"]  # shared, not deep-copied
    assert one.filters["province"] is not two.filters["province"]  # each its own, bound to its FilterSet
    assert one.filters["province"].parent is one and two.filters["province"].parent is two
    national = QuestionFactory(province=None, assignee=None)
    in_utrecht = QuestionFactory(province=Province.objects.get(code="PV26"), assignee=None)
    assert one.is_valid() and two.is_valid()
    assert list(one.qs) == [national]
    assert {q.pk for q in two.qs} == {national.pk, in_utrecht.pk}


def test_rendering_an_invalid_form_leaves_the_shared_widgets_alone(db):
    """crispy-forms marks the widgets it renders (an invalid field gets an error class): a form with shared
    fields is rendered with copies of its fields, so the next form shows no error it does not have."""
    invalid = _filter("received_after=geen-datum")
    assert not invalid.is_valid()
    html = cached_filter_form(invalid.form)
    assert "utrecht-textbox--invalid" in html and 'aria-invalid="true"' in html
    assert "invalid" not in invalid.form.fields["received_after"].widget.attrs.get("class", "")
    valid = _filter("received_after=2026-01-01")
    assert valid.is_valid()
    assert "utrecht-textbox--invalid" not in cached_filter_form(valid.form)


def test_choices_follow_the_reference_lists(db, django_capture_on_commit_callbacks):
    before = _filter()
    with django_capture_on_commit_callbacks(execute=True):
        province = Province.objects.get(code="PV26")
        province.name = "Utrecht (hernoemd)"
        province.save()
    after = _filter()
    assert after.lists.digest != before.lists.digest
    assert (str(province.pk), "Utrecht (hernoemd)") in after.form.fields["province"].choices
    assert (str(province.pk), "Utrecht (hernoemd)") not in before.form.fields["province"].choices
