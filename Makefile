# The Gnist portal. `make run` serves the demo site; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# `make run` uses the embedded defaults: SQLite under var/, tasks run eagerly, e-mail printed to the terminal.
DEV_ENV := env -u DATABASE_URL -u REDIS_URL DJANGO_DEBUG=1 GNIST_REQUIRE_STAFF_MFA=0

.PHONY: install run test lint bench bench-certificate lighthouse messages clean

install: $(VENV)/.installed node_modules/.installed build/.built
	DJANGO_DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v0
	@mkdir -p var

$(VENV)/.installed: pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 13), "Python 3.13 is needed (see .python-version), not " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# The pages' one style sheet and one script (frontend/site.css and site.js with what they import from the npm
# packages, fonts included), bundled and minified by esbuild (package.json's build script, which the Dockerfile
# runs too) into build/static/bundle/, which STATICFILES_DIRS serves.
build/.built: frontend/site.css frontend/site.js static/css/gnist.css node_modules/.installed
	rm -rf build/static
	npm run --silent build
	@touch $@

run: install
	$(DEV_ENV) $(MANAGE) migrate --no-input
	$(DEV_ENV) $(MANAGE) seed_demo
	$(DEV_ENV) $(MANAGE) runserver 127.0.0.1:8000

# pytest's own exit code fails the target: 1 for failures, 5 when no test was collected (a broken path is a failure).
# One test process per core (pytest-xdist; each has its own test database); PYTEST_WORKERS=0 runs in this process.
PYTEST_WORKERS ?= auto
test: install
	$(BIN)/python -m pytest -p no:cacheprovider -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# Collect new strings into locale/{nb,nn,en}; translate nb and nn by hand. English is the msgids themselves:
# its catalogue is emptied and refilled, so gettext's fuzzy guesses never become English text.
# accounts/locale holds our own translations of Django's and allauth's strings (allauth's nynorsk, Django 6.1's new
# strings, better bokmål wording), which makemessages would drop as obsolete: it must leave that folder alone.
# templates/account overrides allauth's templates with allauth's own msgids: collected into locale/, they would
# shadow accounts/locale (LOCALE_PATHS wins over app catalogues), and English would get allauth's msgids back.
messages: install
	DJANGO_DEBUG=1 $(MANAGE) makemessages -l nb -l nn -l en -e html,txt,py --no-obsolete \
		--ignore=.venv --ignore=node_modules --ignore=var --ignore=bench --ignore=tests --ignore=accounts/locale \
		--ignore=templates/account
	msgfilter --keep-header -i locale/en/LC_MESSAGES/django.po sed -e d | msgen --force-po - \
		| msgattrib --clear-fuzzy --force-po -o locale/en/LC_MESSAGES/django.po -
	@for po in locale/*/LC_MESSAGES/django.po; do printf '%s: ' $$po; msgfmt --statistics -o /dev/null $$po; done

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

# PostgreSQL benchmark of the public pages against a bare Django view (BENCH_DATABASE_URL, default gnist_bench).
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Certificate PDF rendering: median/p95 time and peak memory over N runs (BENCH_ARGS="--runs 50").
bench-certificate: install
	$(BIN)/python bench/certificate.py $(BENCH_ARGS)

# Lighthouse (mobile) on every public page, served by gunicorn with production settings on loopback, on a SQLite
# database of its own; prints the scores and CLS per page and fails below the goal (LIGHTHOUSE_ARGS="--only home").
LIGHTHOUSE_ENV := env -u DATABASE_URL -u REDIS_URL DJANGO_DEBUG=0 DJANGO_SECRET_KEY=lighthouse-only-not-secret \
	DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=0 DATABASE_URL=sqlite:///$(CURDIR)/var/lighthouse.sqlite3 \
	CHROME_PATH=/usr/bin/chromium
lighthouse: install
	$(LIGHTHOUSE_ENV) $(BIN)/python frontend/lighthouse.py $(LIGHTHOUSE_ARGS)

clean:
	rm -rf $(VENV) node_modules build var/static
