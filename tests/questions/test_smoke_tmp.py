from django.core import mail

from questions.models import Question


def test_ask_flow(client, ask_data, pdf_upload, django_capture_on_commit_callbacks, users):
    r = client.get("/vragen/stellen/")
    assert r.status_code == 200
    data = {**ask_data, "attachments": [pdf_upload]}
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/vragen/stellen/", data)
    assert r.status_code == 302, r.content.decode()[:3000]
    q = Question.objects.get()
    r = client.get(r["Location"])
    assert q.reference in r.content.decode()
    assert len(mail.outbox) == 1
    r = client.get(f"/vragen/volgen/{q.token}/")
    assert r.status_code == 200
    from tests.conftest import login

    login(client, users["kernteam"])
    for url in [
        "/kernteam/",
        "/kernteam/vragen/",
        f"/kernteam/vragen/{q.pk}/",
        "/kernteam/vragen/?q=prog&ordering=-due_date&overdue=true",
    ]:
        r = client.get(url)
        assert r.status_code == 200, (url, r.content.decode()[:3000])
