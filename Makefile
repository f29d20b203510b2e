# The two front doors: `make run` and `make test`. Both set everything up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench lock clean postgresql

PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check

# the exact versions of requirements.lock, then the bot itself without resolving again
$(BIN)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip
	$(PIP) install -r requirements.lock
	$(PIP) install --no-deps -e .
	touch $@

## run: the bot with config.toml, or without one the local sandbox homeserver and demo room
run: $(BIN)/.installed
	@if [ -f config.toml ]; then $(BIN)/europa-bot run -c config.toml; \
	else $(BIN)/europa-bot sandbox; fi

## test: lint, type check, and the whole suite (unit and end-to-end against Synapse),
## on SQLite and on a throwaway PostgreSQL server the tests start
test: $(BIN)/.installed postgresql
	$(BIN)/europa-bot sandbox --install-only
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -q

# Debian's PostgreSQL server, for the tests, where it is missing
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
postgresql:
	@ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || { \
		echo "Installing Debian's PostgreSQL server for the tests …"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; }

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/mypy

## bench: latency and memory against a local Synapse, next to a bare nio echo client
bench: $(BIN)/.installed
	$(BIN)/python -m bench.latency

## lock: refresh requirements.lock (and bot/synapse.lock, the tests' Synapse) to the newest versions allowed
lock: $(BIN)/.installed
	$(PIP) install pip-tools
	$(BIN)/pip-compile --quiet --upgrade --extra dev --strip-extras --allow-unsafe \
		--no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml
	echo "matrix-synapse>=1.163,<2" | $(BIN)/pip-compile --quiet --upgrade --strip-extras \
		--allow-unsafe --no-emit-index-url --no-emit-find-links -o bot/synapse.lock -

clean:
	rm -rf $(VENV) sandbox .pytest_cache .mypy_cache .ruff_cache
