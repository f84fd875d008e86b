"""The API fuzzed against its own OpenAPI schema (schemathesis, issue 18 item 5): for every
operation, generated requests (valid and not) never get a server error, and every answer the
schema describes matches it. Partner operations are called with a PRT-lid's key, on a draft plan.
Runs in `make test` (kept short: a few examples per operation)."""

from datetime import date

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from loket.accounts.services import api_token_create
from plans.selectors import horizon
from plans.workflow import Status
from tests.loket.factories import PublicationFactory, make_round
from tests.plans.factories import add_locations, version_for

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@pytest.fixture
def keep_connection():
    """The real WSGI handler closes the database connection after each request, as a server should;
    inside the test's transaction that would lose it (on PostgreSQL every later request failed with
    "connection already closed"). Django's own test client does the same as this."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def open_data(db, users, settings, keep_connection):
    settings.LOKET_RATE_LIMITS = {**settings.LOKET_RATE_LIMITS, "api.ip": "", "api.token": ""}
    cache.clear()
    PublicationFactory(title="Kader opvang")
    make_round(reference_date=date(2026, 1, 1), national_total=1000, figures={"PV26": 60})
    add_locations(version_for("PV26", status=Status.ADOPTED, number=1), 2, first_quarter=horizon()[0])
    add_locations(version_for("PV26", status=Status.CONCEPT, number=2), 2, first_quarter=horizon()[0])
    return {"Authorization": f"Token {api_token_create(user=users['prt_utrecht'])}"}


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_never_errs_and_keeps_to_its_schema(case, open_data):
    if "{provincie}" in case.path:
        case.path_parameters = {**(case.path_parameters or {}), "provincie": "PV26"}
    case.call_and_validate(
        headers=open_data,
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )
