# One entry point for every routine job. Each target does its own set-up:
#   make serve   build and serve the site with live reload on http://127.0.0.1:8000
#   make build   write the static site to site/
#   make test    run every test (installs Chromium if it is missing)
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NPM_STAMP := node_modules/.installed
CHROMIUM := /usr/bin/chromium
PDFTOTEXT := /usr/bin/pdftotext
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help setup serve build check test bench audit audit-ci lock clean check-translations mutation

help:
	@echo "make serve   build and serve the site on http://127.0.0.1:8000 (live reload)"
	@echo "make build   write the static site to site/"
	@echo "make check   the writer's check, seconds once built: translations, data file, changelog, strict build"
	@echo "make test    run every test"
	@echo "make mutation   what the fast tests prove: mutmut's score on the widget package (fails below 80 %)"
	@echo "make check-translations   compare each Russian page with its English twin"
	@echo "make bench   measure the plan picker against stock Pyodide"
	@echo "make audit   Lighthouse on every page of both languages"
	@echo "make audit-ci   the part of make audit that noise cannot fail (CI runs it)"
	@echo "make lock   regenerate requirements-lock.txt and package-lock.json after changing requirements.txt or package.json"

# ─── set-up ──────────────────────────────────────────────────────────────────

# A virtual environment on Python >= 3.12 (pyenv's choice from .python-version
# where pyenv exists), installed from requirements-lock.txt: every package pinned with its
# sha256 hashes, and --require-hashes, so a file that is not the one locked stops the install.
# The widget is installed on its own, editable, which pip cannot hash-check.
$(STAMP): requirements-lock.txt widget/pyproject.toml
	@set -e; base=""; \
	for candidate in "$$(pyenv which python3 2>/dev/null)" python3.13 python3.12 python3; do \
	  [ -n "$$candidate" ] && command -v "$$candidate" >/dev/null 2>&1 || continue; \
	  if "$$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then base="$$candidate"; break; fi; \
	done; \
	if [ -z "$$base" ]; then \
	  echo "error: this project needs Python 3.12 or newer (3.13 preferred; see .python-version)." >&2; \
	  echo "       Install it, e.g. 'pyenv install 3.13', then run make again." >&2; exit 1; \
	fi; \
	echo "Creating $(VENV) with $$("$$base" --version)"; \
	rm -rf $(VENV); "$$base" -m venv $(VENV); \
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-lock.txt; \
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e widget; \
	touch $@

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

$(CHROMIUM):
	@echo "Chromium is missing: installing Debian's package (needs root)."
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

# pdftotext reads the PDFs that the print tests make.
$(PDFTOTEXT):
	@echo "pdftotext is missing: installing Debian's poppler-utils (needs root)."
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils

setup: $(STAMP) $(NPM_STAMP)

# ─── the two commands, and friends ───────────────────────────────────────────

serve: setup
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

# Built beside site/ and swapped in only when the whole build succeeded, so a failed
# build (a malformed data file, a broken link) leaves the last good site untouched.
build: setup
	rm -rf .site-partial
	$(VENV)/bin/mkdocs build --strict --site-dir .site-partial
	rm -rf site && mv .site-partial site

# The writer's loop, about 5 s with warm caches: the translation check, then a strict
# build of both languages into a scratch folder, which validates the data file (file, key and
# fix on a mistake) and stops when a fact changed without a changelog entry (with the entry
# to paste). Nothing is written to site/.
# Then it lists the policy's changes on this branch fact by fact, in both languages, as a pull
# request's summary shows them (BASE: the revision to compare with; default where the branch
# left main).
check: setup check-translations
	@set -e; start=$$SECONDS; scratch=$$(mktemp -d); trap 'rm -rf "$$scratch"' EXIT; \
	$(VENV)/bin/mkdocs build --strict --quiet --site-dir "$$scratch/site"; \
	echo "make check: translations, data file, changelog and strict build passed (build $$((SECONDS - start)) s)"; \
	echo; $(PY) -m support_policy.versions changes $(BASE)

# Test files run in parallel, one worker per core (at most four); the site is built once for all.
test: setup $(CHROMIUM) $(PDFTOTEXT) check-translations
	@start=$$SECONDS; $(PY) -m pytest -n auto --maxprocesses 4 && \
	echo "make test: every test passed in $$(( (SECONDS - start) / 60 )) min $$(( (SECONDS - start) % 60 )) s"

# What the fast tests prove: mutmut changes the widget package one small mutation at a time
# and runs tests/widget against each; prints the share of mutants killed, per file and in all,
# and fails below 80 %. From scratch each run (mutmut would keep verdicts that tests written since
# could change), in .mutation/ where src/ is widget/src (see [tool.mutmut] in pyproject.toml).
# About 15 minutes on 2 cores (13 to 25 here, with the machine shared); MUTATION_CHILDREN=n runs n at a time.
MUTATION_CHILDREN ?= 2
mutation: setup
	rm -rf .mutation && mkdir .mutation
	cd .mutation && for link in src:widget/src tests:tests docs:docs overrides:overrides pyproject.toml:pyproject.toml; do \
	  ln -s "../$${link#*:}" "$${link%%:*}"; done
	cd .mutation && ../$(VENV)/bin/mutmut run --max-children $(MUTATION_CHILDREN) && ../$(VENV)/bin/mutmut export-cicd-stats
	$(PY) tests/mutation_score.py .mutation

# The locks, made from the human lists, keeping every pin those do not move; run after changing
# requirements.txt or package.json, and commit both. pip-compile (pip-tools, pinned in
# requirements.txt: pip's own resolver and configuration, and the hashes of every file of each
# release) runs from the venv, which is installed from the lock alone, so it also runs when
# requirements.txt has moved on. It reuses the hashes already locked, and writes to a scratch
# file first, so that an unchanged lock keeps its date and the venv is not made again.
lock: $(STAMP)
	@set -e; scratch=$$(mktemp); trap 'rm -f "$$scratch"' EXIT; cp requirements-lock.txt "$$scratch"; \
	CUSTOM_COMPILE_COMMAND="make lock" $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe \
	  --strip-extras --no-emit-index-url --no-emit-find-links --output-file "$$scratch" requirements.txt; \
	if cmp -s "$$scratch" requirements-lock.txt; then echo "requirements-lock.txt: unchanged"; \
	else cp "$$scratch" requirements-lock.txt; echo "requirements-lock.txt: rewritten (commit it)"; fi
	npm install --package-lock-only --no-audit --no-fund

clean:
	rm -rf site .pytest_cache

# The plan picker's speed against stock Pyodide, measured in one run (prints a table).
bench: setup $(CHROMIUM)
	$(PY) tests/bench/bench.py

# Each Russian page (docs/X.md) against its English twin (docs/X.en.md): both exist, same
# headings, same number of tables, lists, links and policy markers, title and description in
# the front matter; in both, a number and its unit joined by a no-break space. Warns (without failing) when the Russian page was committed after the English one.
check-translations: $(STAMP)
	$(PY) overrides/checks/check_translations.py

# Lighthouse on every page of both languages (mobile and desktop): 100 in accessibility, best
# practices and SEO everywhere and in desktop performance; mobile performance no worse than the
# page's own article in stock Material, audited back to back with it. Mobile CPU slowdown
# calibrated to this host's BenchmarkIndex (see the script). .ci/run runs it after make test.
audit: setup $(CHROMIUM)
	$(PY) tests/audit/lighthouse.py

# What CI runs of the audit: only what noise cannot fail (accessibility, best practices and
# SEO at 100 on every page; total blocking time and layout shift of six representative pages
# against their stock twins, with margins). See ci_main in the script.
audit-ci: setup $(CHROMIUM)
	$(PY) tests/audit/lighthouse.py --ci
