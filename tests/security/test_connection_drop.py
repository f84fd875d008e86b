"""A PostgreSQL connection that dies between two requests: the next request still succeeds.

Why not the test client: django.test.Client disconnects `close_old_connections` from
request_started, so it never runs the per-request health check that CONN_HEALTH_CHECKS enables.
This test sends its requests through Django's real WSGIHandler instead (same thread, hence the
same persistent connection, kept between requests by CONN_MAX_AGE), and kills that connection's
backend from a second connection in between. Committed data is needed, hence transaction=True.
"""

import wsgiref.util

import psycopg2
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def wsgi_get(handler: WSGIHandler, path: str) -> tuple[int, bytes]:
    environ: dict = {}
    wsgiref.util.setup_testing_defaults(environ)
    environ.update(PATH_INFO=path, HTTP_HOST="127.0.0.1", SERVER_NAME="127.0.0.1")
    status = {}

    def start_response(line, headers, exc_info=None):
        status["code"] = int(line.split()[0])

    response = handler(environ, start_response)
    try:
        body = b"".join(response)
    finally:
        response.close()  # sends request_finished, as a WSGI server does
    return status["code"], body


def backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def terminate(pid: int) -> None:
    conf = connection.settings_dict
    other = psycopg2.connect(
        dbname=conf["NAME"], user=conf["USER"], password=conf["PASSWORD"], host=conf["HOST"], port=conf["PORT"]
    )
    try:
        other.autocommit = True
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            assert cursor.fetchone()[0] is True
    finally:
        other.close()


def test_next_request_succeeds_after_the_connection_was_dropped():
    if connection.vendor != "postgresql":
        pytest.skip("draait wanneer DATABASE_URL naar PostgreSQL wijst")
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] and connection.settings_dict["CONN_MAX_AGE"] > 0
    handler = WSGIHandler()

    status, _body = wsgi_get(handler, "/")
    assert status == 200
    first_pid = backend_pid()  # the connection survived the request (CONN_MAX_AGE)
    status, _body = wsgi_get(handler, "/")
    assert status == 200 and backend_pid() == first_pid

    terminate(first_pid)

    status, body = wsgi_get(handler, "/")
    assert status == 200, body[:500]
    assert backend_pid() != first_pid
    status, body = wsgi_get(handler, "/gezondheid/")
    assert status == 200 and b'"database": "ok"' in body
