# Two commands for a new machine: `make demo` and `make test`.
# Both create .venv, install drafter with everything it needs (including the
# system libraries WeasyPrint uses for PDF, when they are missing), then act.

# The distribution's Python (built with profile-guided optimisation) renders PDFs about
# 12% faster than a default source build such as pyenv's; use it when it can make a venv.
PYTHON ?= $(shell for p in /usr/bin/python3 python3; do \
	  $$p -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	  && { echo $$p; break; }; done)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    := output

.PHONY: demo test install sysdeps testdeps lint golden bench clean

# Compiled once here: with PYTHONDONTWRITEBYTECODE set (as on CI machines) Python would
# otherwise compile drafter's modules again in every process, a fifth of a second each time.
install: sysdeps $(STAMP)
	@$(BIN)/python -m compileall -q src/drafter

# Pango (WeasyPrint's layout engine) and the Carlito font (metrically the same as
# Calibri, so PDF and Word pages match). Installed only when missing; needs root
# or sudo, otherwise it says what to install and carries on.
sysdeps:
	@bash scripts/sysdeps.sh

# LibreOffice and pdftotext, which the tests use to open and lay out the Word files
# (those tests are skipped when they are missing).
testdeps:
	@bash scripts/sysdeps.sh --test

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "drafter needs Python 3.11 or newer with venv (Debian: apt-get install python3-venv)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

demo: install
	@mkdir -p $(OUT)
	$(BIN)/drafter validate agreements/
	@echo "--- a deliberately broken agreement, to show what validation reports:"
	@$(BIN)/drafter validate agreements/broken/broken.yaml \
	  || echo "(That agreement is broken on purpose: every kind of problem is reported above.)"
	@echo "--- every document of the project (drafter.yaml): only what changed is rebuilt"
	$(BIN)/drafter build
	@echo "--- what changed between the two Northfleet versions (exit status 1: they differ):"
	$(BIN)/drafter diff agreements/northfleet-laa-2008.yaml agreements/northfleet-laa-2008-v2.yaml \
	  --to md,html,json,docx,pdf --redline --out $(OUT)/diff; test $$? -eq 1
	@echo "--- Government Office summaries, one per example, and the sign-off pack of them all:"
	for f in agreements/*.yaml; do $(BIN)/drafter pack $$f --out $(OUT)/packs || exit 1; done
	$(BIN)/drafter pack agreements/ --actuals agreements/actuals/millbrook-lpsa2.yaml \
	  --out $(OUT)/packs
	@echo "--- the reward earned by the Millbrook LPSA on its reported outturns:"
	$(BIN)/drafter reward agreements/millbrook-lpsa2.yaml \
	  --actuals agreements/actuals/millbrook-lpsa2.yaml --format pdf --out $(OUT)/reward
	$(BIN)/drafter reward agreements/millbrook-lpsa2.yaml \
	  --actuals agreements/actuals/millbrook-lpsa2.yaml --format xlsx --out $(OUT)/reward
	$(BIN)/drafter reward agreements/millbrook-lpsa2.yaml \
	  --actuals agreements/actuals/millbrook-lpsa2.yaml --out $(OUT)/reward
	@echo "--- targets imported from the Northfleet performance team's workbook (part files in"
	@echo "    $(OUT)/import/, not agreements/), and a blank target table to fill in:"
	$(BIN)/drafter import-targets agreements/sheets/northfleet-targets.xlsx \
	  --into agreements/northfleet-laa-2008.yaml --out $(OUT)/import --force
	$(BIN)/drafter import-targets --template $(OUT)/import/northfleet-targets-blank.xlsx \
	  --into agreements/northfleet-laa-2008.yaml --force
	$(BIN)/drafter import-targets --template $(OUT)/import/northfleet-targets-current.xlsx \
	  --with-targets --into agreements/northfleet-laa-2008.yaml --force
	@echo "Done: documents are in $(OUT)/, the comparison in $(OUT)/diff/, summaries and the"
	@echo "pack in $(OUT)/packs/, the reward statement in $(OUT)/reward/, imported targets in"
	@echo "$(OUT)/import/"

test: install testdeps
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

# Regenerate the committed golden files in tests/golden/ after an intended change.
golden: install
	$(BIN)/python -m tests.golden

bench: install
	@bash scripts/sysdeps.sh --bench
	$(BIN)/python bench/validate_bench.py
	$(BIN)/python bench/render_bench.py
	$(BIN)/python bench/diff_bench.py
	$(BIN)/python bench/pack_bench.py
	$(BIN)/python bench/compare.py
	$(BIN)/python bench/compare.py --scaling
	$(BIN)/python bench/build_bench.py
	$(BIN)/python bench/preview_bench.py

clean:
	rm -rf $(OUT) $(VENV) .pytest_cache .mypy_cache .ruff_cache
