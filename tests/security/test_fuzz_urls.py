"""Fuzzing every URL that takes parameters: generated path and query values, for every role.

The URL patterns come from the resolver (the same list as the permission matrix), so a new URL is
fuzzed without anyone adding it here; EXCLUDED names the few that are left out, each with a reason.
Path parameters: the real object's value, or anything the converter accepts (`st.from_regex` on its
own regex: digits, province codes, slugs, any text for `<str:...>`), plus ids beyond 64 bits.
Query parameters: the names of every GET form field and every `?key=` link on the page as that role
sees it (filters, sort keys, page numbers), plus common names (`page`, `ordering`, `format`, `q`,
`van`, `met`, ...), with hostile values (unicode, control characters, huge and negative numbers,
dates in odd formats, export formats that do not exist, tokens) and repeated keys.

Every answer: status below 500 and within 2 seconds (time.perf_counter around the request and
reading the whole body, also of streamed exports; over 2 s the request is repeated once and the
faster time counts, so a paused CI machine does not fail the run). This is a bound, not a benchmark.
The examples are the same on every run (the "loket" hypothesis profile is derandomized);
HYPOTHESIS_PROFILE=explore FUZZ_EXAMPLES=3000 searches new ones.
"""

import os
import time
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.conftest import login
from tests.security.test_hostile_input import NASTY
from tests.security.test_permission_matrix import (
    PARAMS,
    ROLES,
    all_url_names,
    build_loket_objects,
    build_matrix_objects,
    project_url_names,
)

pytestmark = pytest.mark.django_db

SLOW = 2.0  # seconds: no answer may take longer
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))  # more to search harder (with HYPOTHESIS_PROFILE=explore)

# url name -> why it is not fuzzed. Django's own admin (`admin:*`) is outside the project namespaces.
EXCLUDED: dict[str, str] = {
    "loket:logout": "alleen POST; een GET geeft 405 en er valt niets te variëren",
}

COMMON_KEYS = [
    "page", "ordering", "sort", "order", "format", "fmt", "q", "van", "met", "basis", "status", "soort",
    "thema", "provincie", "deskundige", "verzoek", "next", "jaar", "kwartaal", "vanaf", "tot",
]  # fmt: skip

ODD_VALUES = [
    *NASTY,
    "csv", "xlsx", "pdf", "json", "CSV", ".xlsx", "garbage", "xlsx%00",
    "2026-02-30", "30-02-2026", "2026/01/01", "01-01-0001", "1-1-1", "20260101", "2026-W05", "99999-01-01",
    "0", "-0", "00000000000000000000001", "9223372036854775808", "-9223372036854775809", "1.5", "1,5", "0x10",
    "PV26", "pv99", "PV00", "-aanmaakdatum", "__str__", "pk", "-pk", "?", "&", "=",
    "eyJhbGciOiJub25lIn0.e30.", "Zm9v:1a2b3c:xyz",
]  # fmt: skip

value = st.one_of(
    st.sampled_from(ODD_VALUES),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.dates().map(lambda d: d.strftime("%d-%m-%Y")),
    st.dates().map(str),
)
query_value = st.one_of(value, st.lists(value, min_size=2, max_size=3))  # a list: a repeated key


class PageKeys(HTMLParser):
    """Names of the fields of every GET form, and the keys of every `?key=value` link."""

    def __init__(self, html: str):
        super().__init__()
        self.keys: set[str] = set()
        self._get_form = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._get_form = (attrs.get("method") or "get").lower() == "get"
        elif tag in ("input", "select", "textarea") and self._get_form and attrs.get("name"):
            self.keys.add(attrs["name"])
        elif tag == "a" and (attrs.get("href") or "").startswith("?"):
            self.keys.update(key for key, _ in parse_qsl(urlsplit(attrs["href"]).query, keep_blank_values=True))

    def handle_endtag(self, tag):
        if tag == "form":
            self._get_form = False


def fuzzed_urls() -> dict:
    patterns = dict(all_url_names())
    return {name: patterns[name] for name in sorted(project_url_names() - set(EXCLUDED))}


def real_kwargs(name: str, pattern, objs: dict) -> dict:
    return {key: PARAMS.get(f"{name}.{key}", PARAMS.get(key))(objs) for key in pattern.pattern.regex.groupindex}


def path_value(converter, real) -> st.SearchStrategy:
    if converter is None:  # a regex route (the API's router): the real value or short letters and digits
        return st.one_of(st.just(real), st.text(alphabet="ABCPVZ0123456789", min_size=1, max_size=6))
    options = [st.just(real), st.from_regex(converter.regex, fullmatch=True)]
    if converter.regex == "[0-9]+":
        options.append(st.integers(min_value=2**63 - 2, max_value=10**30))
    return st.one_of(*options)


def _timed_get(client: Client, url: str, query: dict):
    started = time.perf_counter()
    response = client.get(url, query)
    if response.streaming:
        b"".join(response.streaming_content)
    else:
        response.content  # noqa: B018 (read the whole body)
    return response, time.perf_counter() - started


def fetch(client: Client, url: str, query: dict):
    """The answer and its time. Over the bound, the request is made once more and the faster time
    counts: a slow page is slow twice, a busy CI machine that pauses the process is not."""
    response, took = _timed_get(client, url, query)
    if took > SLOW and response.status_code < 500:
        response, again = _timed_get(client, url, query)
        took = min(took, again)
    return response, took


def test_every_url_with_generated_parameters_for_every_role(users):
    objs = {**build_matrix_objects(users), **build_loket_objects(users)}
    clients = {}
    for role in ROLES:
        clients[role] = Client()
        if role != "anon":
            login(clients[role], users[role])
    urls = fuzzed_urls()
    assert set(EXCLUDED) <= project_url_names(), "EXCLUDED noemt een URL die niet (meer) bestaat"
    failures: list[str] = []

    # A sweep: every URL with real objects for every role, collecting each page's query keys.
    keys: dict[tuple[str, str], list[str]] = {}
    for role, client in clients.items():
        for name, pattern in urls.items():
            url = reverse(name, kwargs=real_kwargs(name, pattern, objs))
            response, took = fetch(client, url, {})
            if response.status_code >= 500 or took > SLOW:
                failures.append(f"{role} GET {url}: {response.status_code} in {took:.2f} s")
            found = set()
            if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
                found = PageKeys(response.content.decode(errors="replace")).keys
            keys[(role, name)] = sorted(found | set(COMMON_KEYS))
    assert not failures, "\n".join(failures)

    # Then every URL once more per role with all its keys filled, each with another odd value (fixed).
    for role, client in clients.items():
        for u, (name, pattern) in enumerate(urls.items()):
            url = reverse(name, kwargs=real_kwargs(name, pattern, objs))
            query = {key: ODD_VALUES[(u * 7 + k) % len(ODD_VALUES)] for k, key in enumerate(keys[(role, name)])}
            response, took = fetch(client, url, query)
            if response.status_code >= 500 or took > SLOW:
                failures.append(f"{role} GET {url} {query}: {response.status_code} in {took:.2f} s")
    assert not failures, "\n".join(failures)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(data=st.data())
    def fuzz(data):
        role = data.draw(st.sampled_from(ROLES), label="role")
        name = data.draw(st.sampled_from(sorted(urls)), label="url")
        pattern = urls[name]
        real = real_kwargs(name, pattern, objs)
        kwargs = {
            key: data.draw(path_value(pattern.pattern.converters.get(key), real[key]), label=key)
            for key in pattern.pattern.regex.groupindex
        }
        try:
            url = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            assume(False)
        query = data.draw(
            st.fixed_dictionaries({}, optional=dict.fromkeys(keys[(role, name)], query_value)), label="query"
        )
        response, took = fetch(clients[role], url, query)
        assert response.status_code < 500, f"{role} GET {url} {query}: {response.status_code}"
        assert took <= SLOW, f"{role} GET {url} {query}: {took:.2f} s"

    fuzz()


# --- What the fuzzer found (each a regression test) ---------------------------------------------


@pytest.mark.parametrize(
    "target", ["script", "\uff53\uff43\uff52\uff49\uff50\uff54", "[x](javascript:alert(1))", "plans:index"]
)
@pytest.mark.parametrize("url_name", ["two_factor:setup", "two_factor:verify_moved", "loket:login"])
def test_second_step_page_with_a_next_that_is_no_path_goes_home(client_for, target, url_name):
    """`?next=script` on the two-factor page of a verified user was read as a view name: a 500. The
    two_factor pages (and the old address of the code page) never follow a `next` that is no path."""
    response = client_for("kernteam").get(reverse(url_name), {"next": target})
    assert response.status_code < 500
    if 300 <= response.status_code < 400:
        assert response.url.startswith("/")
        assert target not in urlsplit(response.url).path  # the old code page passes `next` on to the login
