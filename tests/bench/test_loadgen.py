"""The load generators' maths and parsing, and the Python generator against a tiny local server."""

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import loadgen

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:5000/vragen/stellen/
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    20.01ms    5.00ms  80.00ms   90.00%
  1980 requests in 10.00s, 12.00MB read
Requests/sec:    198.00
Transfer/sec:      1.20MB
""" + (
    "BENCH_RESULT requests=1980 duration_us=10000000 socket_errors=1 unexpected=2 "
    "p50_us=18500 p95_us=41250 p99_us=79000 statuses=302:1000,302:978,200:2\n"
)


@pytest.mark.parametrize(
    ("samples", "p", "expected"),
    [
        ([1, 2, 3, 4], 50, 2.5),
        ([15, 20, 35, 40, 50], 40, 29.0),  # numpy.percentile(..., 40) with linear interpolation
        ([15, 20, 35, 40, 50], 100, 50.0),
        ([15, 20, 35, 40, 50], 0, 15.0),
        (list(range(1, 101)), 95, 95.05),
        (list(range(1, 101)), 50, 50.5),
        ([7], 95, 7.0),
        ([50, 15, 40, 20, 35], 40, 29.0),  # order of the samples does not matter
    ],
)
def test_percentile_on_known_samples(samples, p, expected):
    assert loadgen.percentile(samples, p) == pytest.approx(expected)


@pytest.mark.parametrize(("samples", "p"), [([], 50), ([1, 2], -1), ([1, 2], 101)])
def test_percentile_refuses_nonsense(samples, p):
    with pytest.raises(ValueError):
        loadgen.percentile(samples, p)


def test_result_from_latencies_in_milliseconds():
    result = loadgen.Result.from_latencies([0.010, 0.020, 0.030, 0.040], 2.0, 1, {200: 3, 500: 1}, tool="python")
    assert result.requests == 4
    assert result.rps == 2.0
    assert result.p50_ms == pytest.approx(25.0)
    assert result.p95_ms == pytest.approx(38.5)
    assert result.errors == 1


def test_parse_wrk_reads_the_lua_summary():
    result = loadgen.parse_wrk(WRK_OUTPUT)
    assert result.requests == 1980
    assert result.rps == pytest.approx(198.0)
    assert (result.p50_ms, result.p95_ms, result.p99_ms) == (18.5, 41.25, 79.0)
    assert result.errors == 3  # socket errors + unexpected status codes
    assert result.statuses == {302: 1978, 200: 2}


def test_parse_wrk_without_summary_is_an_error():
    with pytest.raises(ValueError, match="geen resultaat"):
        loadgen.parse_wrk("unable to connect to 127.0.0.1:1 Connection refused")


def test_wrk_script_carries_method_body_cookie_and_expected_codes():
    target = loadgen.Target(
        path="/vragen/stellen/",
        method="POST",
        headers={"Cookie": "csrftoken=abc"},
        body="subject=Vraag+__N__&csrfmiddlewaretoken=abc",
        expect=(302, 303),
    )
    script = loadgen.wrk_script(target)
    assert 'local path = "/vragen/stellen/"' in script
    assert 'local method = "POST"' in script
    assert '"subject=Vraag+__N__&csrfmiddlewaretoken=abc"' in script
    assert "[302] = true, [303] = true" in script
    assert '["Cookie"] = "csrftoken=abc"' in script
    assert '["Content-Type"] = "application/x-www-form-urlencoded"' in script
    assert "%%" not in script  # the Python template was fully formatted


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, like gunicorn

    def do_GET(self):
        body = b"ok" if self.path == "/goed/" else b"nee"
        self.send_response(200 if self.path == "/goed/" else 404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        body = self.rfile.read(length)
        self.server.bodies.append(body)
        self.send_response(302)
        self.send_header("Location", "/bedankt/")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.bodies = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def test_python_generator_counts_statuses_and_errors(local_server):
    port = local_server.server_address[1]
    ok = loadgen.run_python("127.0.0.1", port, loadgen.Target("/goed/"), connections=2, warmup=0.05, duration=0.3)
    assert ok.requests > 0
    assert ok.errors == 0
    assert set(ok.statuses) == {200}
    bad = loadgen.run_python("127.0.0.1", port, loadgen.Target("/fout/"), connections=1, warmup=0, duration=0.2)
    assert bad.requests > 0
    assert bad.errors == bad.requests
    assert set(bad.statuses) == {404}


def test_python_generator_posts_a_unique_body_per_request(local_server):
    port = local_server.server_address[1]
    target = loadgen.Target("/post/", method="POST", body="subject=vraag-__N__", expect=(302,))
    result = loadgen.run_python("127.0.0.1", port, target, connections=2, warmup=0, duration=0.2)
    assert result.errors == 0
    assert len(local_server.bodies) == len(set(local_server.bodies)) > 1
    assert all(b"__N__" not in body for body in local_server.bodies)


def test_python_generator_sends_a_fresh_submission_key_per_request(local_server):
    port = local_server.server_address[1]
    target = loadgen.Target("/post/", method="POST", body="submission_key=__KEY__", expect=(302,))
    loadgen.run_python("127.0.0.1", port, target, connections=2, warmup=0, duration=0.2)
    keys = [body.decode().removeprefix("submission_key=") for body in local_server.bodies]
    assert len(keys) == len(set(keys)) > 1
    assert all(re.fullmatch(r"[0-9a-f]{32}", key) for key in keys)


def test_wrk_script_fills_in_the_submission_key_as_python_does():
    script = loadgen.wrk_script(loadgen.Target("/post/", method="POST", body="submission_key=__KEY__"))
    assert 'string.gsub(body, "__KEY__", string.format("%08x%08x%016x", tid, counter, os.time()))' in script
    assert loadgen.unique_key(3, 17, 1_800_000_000) == "0000000300000011000000006b49d200"
