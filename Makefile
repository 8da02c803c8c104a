# The two set-up commands are `make run` and `make test`; the rest are helpers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.installed-bench

.PHONY: run test install lint format messages bench worker clean

$(STAMP): requirements.txt requirements-dev.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# The load generator (Locust) is installed for benchmarks only, never in CI.
$(BENCH_STAMP): $(STAMP) requirements-bench.txt
	$(BIN)/pip install --quiet -r requirements-bench.txt
	touch $(BENCH_STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	@# Compiled catalogues are committed; recompile when gettext is installed, in case the .po files changed.
	@if command -v msgfmt >/dev/null 2>&1; then $(BIN)/python manage.py compilemessages --ignore=.venv -v0; fi
	$(BIN)/python manage.py seed_demo
	@echo ""
	@echo "Mở http://127.0.0.1:8000 (quản trị nội dung: http://127.0.0.1:8000/admin/)"
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l vi --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=bench
	$(BIN)/python manage.py compilemessages -l vi --ignore=.venv

# Every benchmark (exam day under load with gunicorn, PostgreSQL, Redis and a worker; page floors; certificates;
# exports; dashboards): bench/results.json, a table, and one line of JSON last. BENCH_QUICK=1 for a short run.
# Needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379; makes and drops its own databases.
bench: $(BENCH_STAMP)
	$(BIN)/python bench/run.py

worker: $(STAMP)
	$(BIN)/celery -A lms worker -l info

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
