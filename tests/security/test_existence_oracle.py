"""Issue 20.6: no existence oracle. A partner (PRT, CdK, Deskundige, LRT-secretaris) that may not
open a page about an object gets exactly the same answer for an existing object as for one that does
not exist: the same status and the same page (apart from the CSRF token, nonces and one-time keys).
The role is checked before the object is looked up."""

import re

import pytest
from django.urls import reverse

from .test_permission_matrix import LOGIN, PARAMS, ROUTES, all_url_names, matrix_objects  # noqa: F401

PARTNERS = ("prt_utrecht", "prt_gelderland", "cdk_utrecht", "expert", "lrt")
# An object id in the URL -> a value no object has.
MISSING = {
    "pk": 987654,
    "question_pk": 987654,
    "attachment_pk": 987654,
    "action_pk": 987654,
    "signal_pk": 987654,
    "comment_pk": 987654,
    "number": 9876,
    "version": 9876,
    "slug": "bestaat-echt-niet",
}
VARYING = re.compile(
    rb'(name="(csrfmiddlewaretoken|submission_key)" value=")[^"]*'
    rb'|(value=")[^"]*("\s+name="(csrfmiddlewaretoken|submission_key)")'
    rb'|(nonce=")[^"]*'
)


def object_urls() -> list[tuple[str, dict]]:
    urls = []
    for name, pattern in all_url_names():
        keys = set(pattern.pattern.regex.groupindex)
        if name in ROUTES and keys & set(MISSING):
            urls.append((name, keys))
    return sorted(urls)


def both_urls(name: str, keys: set, objs: dict) -> tuple[str, str]:
    real = {key: PARAMS.get(f"{name}.{key}", PARAMS.get(key))(objs) for key in keys}
    missing = {key: MISSING.get(key, value) for key, value in real.items()}
    return reverse(name, kwargs=real), reverse(name, kwargs=missing)


def normalised(response) -> tuple[int, str, bytes]:
    return response.status_code, response.get("Location", ""), VARYING.sub(rb"\1\3\4\6", response.content)


@pytest.mark.parametrize("role", PARTNERS)
def test_out_of_scope_and_missing_objects_answer_alike(client_for, matrix_objects, role):  # noqa: F811
    client = client_for(role)
    differences = []
    for name, keys in object_urls():
        want = ROUTES[name][role]
        if want not in (403, 404, LOGIN):
            continue  # the role may open this page (or send to it): it may learn the object exists
        existing, missing = both_urls(name, keys, matrix_objects)
        for send in (client.get, client.post):  # a refused POST answers alike too
            a, b = normalised(send(existing)), normalised(send(missing))
            if a != b:
                differences.append(f"{send.__name__.upper()} {name}: {existing} -> {a[0]}, {missing} -> {b[0]}")
    assert not differences, "\n".join(differences)
