"""Permission matrix: every URL pattern of the project, for every role, answers as the table says.

A new URL without a row in ROUTES fails `test_every_url_has_a_row`. Parameters are resolved with
objects from `matrix_objects` (see PARAMS). Expected answers: 200 (or another success code), 302
to the login page (`LOGIN`), 403, 404, 405 (POST-only endpoints answer a GET with 405).
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROLES = ["anon", "prt_utrecht", "prt_gelderland", "cdk_utrecht", "expert", "kernteam", "lrt", "beheerder"]
LOGIN = "login"  # 302 to /inloggen/


def everyone(code=200):
    return dict.fromkeys(ROLES, code)


def logged_in(code=200):
    return {**everyone(code), "anon": LOGIN}


def only(*roles, code=200, others=403):
    return {"anon": LOGIN, **{r: (code if r in roles else others) for r in ROLES if r != "anon"}}


# url name -> expected answer per role. Unnamed admin URLs are Django's own; `admin:index` stands for them.
ROUTES: dict[str, dict] = {
    "admin:index": {**dict.fromkeys(ROLES, 302), "kernteam": 200, "beheerder": 200},
    "loket:home": everyone(),
    "loket:login": {**everyone(302), "anon": 200},  # logged-in users are sent on
    "loket:logout": everyone(405),  # POST only
    "loket:password_reset": everyone(),
    "loket:password_reset_done": everyone(),
    "loket:password_reset_confirm": everyone(),  # an invalid link shows a page that says so
    "loket:password_reset_complete": everyone(),
    "loket:profile": logged_in(),
    "loket:contact": everyone(),
    "loket:privacy": everyone(),
    "loket:health": everyone(),
    "loket:publications": everyone(),
    "loket:subscribe": everyone(),
    "questions:ask": everyone(),
    "questions:mine": logged_in(),
    "questions:dashboard": only("kernteam"),
    "experts:directory": only("prt_utrecht", "prt_gelderland", "cdk_utrecht", "expert", "kernteam", "lrt", "beheerder"),
    "plans:index": everyone(),
    "plans:capacity": everyone(),
    "plans:prognosis": everyone(),
    "monitoring:register": only("prt_utrecht", "prt_gelderland", "cdk_utrecht", "kernteam", "lrt"),
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


PROJECT_NAMESPACES = ("loket:", "questions:", "experts:", "plans:", "monitoring:")


def project_url_names() -> set[str]:
    return {name for name, _ in all_url_names() if name.startswith(PROJECT_NAMESPACES)}


# URL keyword -> how to find a value for it (objects made by matrix_objects).
PARAMS = {
    "uidb64": lambda objs: "MQ",
    "token": lambda objs: "ongeldig-token",
}


@pytest.fixture
def matrix_objects(db, users):
    return {"users": users}


def url_for(name: str, objs: dict) -> str:
    pattern = dict(all_url_names())[name]
    kwargs = {key: PARAMS[key](objs) for key in pattern.pattern.regex.groupindex}
    return reverse(name, kwargs=kwargs)


def test_every_url_has_a_row():
    missing = sorted(project_url_names() - set(ROUTES))
    assert not missing, f"URL's zonder rij in de permissiematrix: {missing}"
    stale = sorted(set(ROUTES) - project_url_names() - {"admin:index"})
    assert not stale, f"Rijen zonder URL: {stale}"


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client_for, matrix_objects, role):
    failures = []
    for name, expected in sorted(ROUTES.items()):
        client = client_for(None if role == "anon" else role)
        url = url_for(name, matrix_objects)
        response = client.get(url)
        want = expected[role]
        if want == LOGIN:
            ok = response.status_code == 302 and response.url.startswith(reverse("loket:login"))
        else:
            ok = response.status_code == want
        if not ok:
            failures.append(f"{name} {url}: verwacht {want}, kreeg {response.status_code}")
    assert not failures, "\n".join(failures)
