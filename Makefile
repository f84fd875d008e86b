# The two commands: `make run` and `make test`. Everything else is set up by them.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# Setting up a developer's machine runs in debug mode unless DEBUG is given: with DEBUG off the portal
# refuses to start without its own SECRET_KEY and a shared cache (REDIS_URL).
DEV_MANAGE := DEBUG=$${DEBUG:-true} $(MANAGE)
HOST ?= 127.0.0.1
# make bench: both data sizes of issue 21 in one run (10,000 and 100,000 questions; the second is seeded once, ~4 min)
BENCH_ARGS ?= --sizes 1,10
PORT ?= 8000

.PHONY: run test imap-deps e2e e2e-deps screens lint format setup install migrate demo messages check clean backup bench loadtest

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed

messages: install
	$(DEV_MANAGE) compile_translations

migrate: install
	@mkdir -p var
	$(DEV_MANAGE) migrate --noinput

demo: migrate
	DEBUG=true $(MANAGE) load_demo

setup: install messages migrate demo

## Serve the portal on http://127.0.0.1:8000 (SQLite under var/, Celery eager in-process).
run: setup
	@echo ""
	@echo "Het loket draait op http://$(HOST):$(PORT)/  (stoppen: Ctrl+C)"
	@echo "Demo-accounts, wachtwoord demo-loket-2020: beheerder, kernteam, kernteam2, prt-utrecht,"
	@echo "  prt-gelderland, cdk-utrecht, lrt-secretaris, deskundige"
	@echo "Tweestapscode voor kernteam, kernteam2, lrt-secretaris en beheerder:"
	@echo "  DEBUG=true $(MANAGE) demo_code kernteam"
	DEBUG=true HOST=$(HOST) PORT=$(PORT) $(MANAGE) runserver $(HOST):$(PORT)

## Dovecot for the e-mail channel's tests (Debian's package; the tests start their own instance on a
## free loopback port with a generated config, never the system service). Without root or apt the
## IMAP tests skip with this hint.
imap-deps:
	@test -x /usr/sbin/dovecot || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd; } || \
		echo "dovecot-imapd niet te installeren: de IMAP-tests worden overgeslagen (make imap-deps als root)"; }

## The whole suite (on PostgreSQL and Redis when DATABASE_URL / CELERY_BROKER_URL are set).
test: install messages imap-deps
	$(PY) -m pytest -n 2 --dist loadfile -m "not e2e"

## Browser tests (Playwright + Debian's Chromium; never a browser download), and the bench login against a live server.
e2e-deps:
	@test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

e2e: install messages e2e-deps
	$(PY) -m pytest -m "e2e and not screens" tests/e2e tests/bench -p no:xdist -q

## Full-page screenshots of every role's main pages at 1280 and 390 px into var/screens/ (docs/frontend.md).
screens: install messages e2e-deps
	$(PY) -m pytest -m screens tests/e2e/test_screens.py -p no:xdist -q

## Back-up of the database and uploaded files into var/backups/<tijdstip>/ (restore: manage.py restore MAP --yes).
backup: install
	$(MANAGE) backup

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

check: install
	$(DEV_MANAGE) makemigrations --check --dry-run
	$(DEV_MANAGE) check

clean:
	rm -rf $(VENV) var/*.sqlite3 var/mail var/media

## Benchmark of issue 9 (separate database var/bench.sqlite3 or loket_bench on DATABASE_URL's server;
## gunicorn with 2 workers on 127.0.0.1; wrk, installed with apt-get when root; writes docs/benchmark.md).
bench: install
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
		{ apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && \
		apt-get install -y -qq wrk >/dev/null 2>&1; }; } || echo "wrk niet beschikbaar: de Python-lastgenerator meet"; }
	$(PY) -m bench run_bench $(BENCH_ARGS)

## Load test with chaos (issue 20.9: 8 users of all roles, 300 s, loopback; on PostgreSQL its own Redis, a real
## worker and beat, an SMTP sink; worker killed, Redis restarted, mail server down 30 s; checks; docs/loadtest.md).
loadtest: install
	$(PY) -m bench run_loadtest $(LOADTEST_ARGS)
