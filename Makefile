# HipCoach: `make run` sets up and starts the app; `make test` sets up and runs the tests.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.stamp-installed

.PHONY: run test bench soak package install uninstall system-deps clean

# Debian/Ubuntu packages the app and the tests need: Qt's runtime libraries, fonts,
# a virtual display, an audio player and the tools that check the packaging files.
APT_RUN := libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 \
	libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 \
	libxcb-randr0 libxcb-render-util0 libxcb-image0 fonts-dejavu-core alsa-utils
APT_TEST := xvfb xauth poppler-utils desktop-file-utils appstream

system-deps:
	@$(PYTHON) tools/system_deps.py $(APT_RUN) $(if $(FOR_TESTS),$(APT_TEST))

$(STAMP): pyproject.toml
	@$(PYTHON) tools/system_deps.py --venv-only
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: system-deps $(STAMP)
	$(VENV)/bin/hipcoach $(ARGS)

test: FOR_TESTS := 1
test: system-deps $(STAMP)
	$(VENV)/bin/ruff check hipcoach tests bench tools
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

bench: FOR_TESTS := 1
bench: system-deps $(STAMP)
	$(PY) bench/run_all.py

# 200 random kills (-9, TERM, INT) of sessions, imports and backups; prints its figures.
soak: system-deps $(STAMP)
	$(PY) tools/soak.py --runs $(or $(RUNS),200)

package: system-deps $(STAMP)
	$(PY) -m pip install --quiet 'pyinstaller>=6'
	$(PY) tools/package.py build

# The menu entry, icons, metainfo and man page for you (~/.local/share), starting this
# checkout's .venv/bin/hipcoach. `hipcoach desktop install --prefix DIR` installs elsewhere.
install: system-deps $(STAMP)
	$(VENV)/bin/hipcoach desktop install --user

uninstall: $(STAMP)
	$(VENV)/bin/hipcoach desktop uninstall --user

clean:
	rm -rf $(VENV) build dist *.egg-info
