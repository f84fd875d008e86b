"""Issue #19 item 15: "Standaardantwoord" is optional, and is not marked as required."""

import re

from loket.core.models import Theme
from questions.models import StandardAnswer
from questions.workflow import Status
from tests.questions.factories import QuestionFactory


def test_standard_answer_is_not_marked_required_and_may_be_left_empty(client_for, users):
    theme = Theme.objects.get(code="KWA")
    question = QuestionFactory(status=Status.IN_PROGRESS, themes=[theme])
    StandardAnswer.objects.create(title="Verdeelsleutel", body="Zie de verdeelsleutel.").themes.set([theme])
    client = client_for("kernteam")
    url = f"/kernteam/vragen/{question.pk}/"
    html = client.get(url).content.decode()
    label = re.search(r'<label\s+for="id_standard_answer"[^>]*>(.*?)</label>', html, re.S).group(1)
    assert "Standaardantwoord" in label and "*" not in label
    select = re.search(r'<select name="standard_answer"[^>]*>', html).group(0)
    assert "required" not in select
    response = client.post(url, {"action": "standard", "standard_answer": ""})
    assert response.status_code == 200
    assert "data-error-summary" not in response.content.decode()
