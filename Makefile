# Agora: `make run` starts the whole platform on loopback; `make test` runs every check.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Two stamps: `make run` installs only what running needs (requirements-run.txt); tests,
# bench and deployment tools come with the first `make test`, `make synth` or `make install`.
RUN_STAMP := $(VENV)/.installed-run
STAMP     := $(VENV)/.installed-dev

.PHONY: install run reset test lint bench bench-local bench-first-run clean synth deploy web-build web-test \
	web-bench contract-tools contract-long

$(RUN_STAMP): requirements.txt requirements-vendor.txt requirements-run.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements-run.txt
	touch $(RUN_STAMP)

# pip upgraded in the same resolution as the rest: alone, it would overshoot chalice's bound.
$(STAMP): $(RUN_STAMP) requirements-dev.txt infra/requirements.txt
	$(BIN)/python -m pip install -q --upgrade pip -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# The local platform; its state (tables, objects, queues, secrets, mail) stays in .local/
# across stops (AGORA_STATE_DIR to move it).
run: $(RUN_STAMP)
	@$(BIN)/python -m local.webapp --build-if-changed
	$(BIN)/python -m local.run

# Wipes the local state, .local/ or $AGORA_STATE_DIR (refused while `make run` uses it).
reset:
	@$(PYTHON) -m local.reset

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache

test: install browser contract-tools
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest
	$(MAKE) web-test

# The citizen web app (web/README.md): the committed API types against a fresh generation from
# the app's /openapi.json, svelte-check, Vitest, the build, then Playwright end to end against a
# local platform of its own (Debian's Chromium; about 2 minutes).
WEB_DEPS := web/node_modules/.package-lock.json
$(WEB_DEPS): web/package-lock.json
	cd web && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
	touch $(WEB_DEPS)

web-test: install browser $(WEB_DEPS)
	mkdir -p web/test-results
	$(BIN)/python web/scripts/openapi.py > web/test-results/openapi.json
	cd web && AGORA_OPENAPI=test-results/openapi.json npm run --silent check:api
	cd web && npm run --silent check
	cd web && npm run --silent test:unit
	cd web && npm run --silent build
	cd web && npm run --silent test:e2e

# The OpenAPI document's linters, reference renderer and TypeScript client generator, pinned
# in tools/contract/package-lock.json (tests/api/test_contract_tools.py, tests/e2e/
# test_contract_live.py).
CONTRACT_TOOLS := tools/contract/node_modules/.installed
$(CONTRACT_TOOLS): tools/contract/package.json tools/contract/package-lock.json
	cd tools/contract && npm ci --no-audit --no-fund --loglevel=error
	touch $(CONTRACT_TOOLS)

contract-tools: $(CONTRACT_TOOLS)

# schemathesis at length against a platform of its own: every phase (coverage included) for
# every role, CONTRACT_EXAMPLES examples an operation (`make test` runs a bounded pass).
CONTRACT_EXAMPLES ?= 25
contract-long: install
	$(BIN)/python -m tools.contract.live --examples $(CONTRACT_EXAMPLES) --out .local/contract

# Lighthouse (mobile profile, Debian's Chromium) on the web app's home and a module page, with
# the JavaScript and CSS each loads and its API calls before content, against a local platform
# of its own (one at a time on the machine: the e2e lock); the figures go to
# web/test-results/bench.json and into bench/results.json's `web`.
web-bench: $(RUN_STAMP) browser $(WEB_DEPS)
	cd web && npm run --silent build
	cd web && flock /tmp/agora-e2e.lock npx playwright test -c playwright.bench.config.ts; \
	  status=$$?; cd .. && $(BIN)/python -m bench.web_figures; exit $$status

# The web app's end-to-end run and Lighthouse use Debian's Chromium: install it when missing
# (Debian or Ubuntu; as root, else through sudo). Fails, and so fails `make test`, if it cannot.
.PHONY: browser
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  echo "installing chromium for the web app's tests"; \
	  $$SUDO apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# Then the web figures, and the bill again with what a page loads (its CloudFront share).
# WEB_BENCH=0 skips the web figures (the file keeps the last ones).
WEB_BENCH ?= 1
bench: install
	$(BIN)/python -m bench.run
	@if [ "$(WEB_BENCH)" != 0 ]; then $(MAKE) --no-print-directory web-bench || \
	  echo "web-bench missed a target (its figures are kept in bench/results.json)"; fi
	$(BIN)/python -m bench.cost

# The local platform (bench/local_platform.py): start and stop times with 10,000
# contributions, and a fresh clone's first `make run` (installs included) to a healthy API.
bench-local: install
	$(BIN)/python -m bench.local_platform restart

bench-first-run: install
	$(BIN)/python -m bench.local_platform first-run

# Infrastructure (infra/README.md). `make synth STAGE=prod` works offline except for the
# package registries; `make deploy STAGE=prod` needs AWS credentials.
STAGE       ?= dev
CONTEXT     ?=
CDK_VERSION := 2.1148.1
CDK         := npx --yes aws-cdk@$(CDK_VERSION)
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION ?= 20

synth: install
	cd infra && ../$(BIN)/python app.py -c stage=$(STAGE) $(CONTEXT) -o cdk.out/$(STAGE)
	$(BIN)/cfn-lint infra/cdk.out/$(STAGE)/$(STAGE).template.json

# The web app's static build (web/build), which deploy uploads; without web/ the stack is
# deployed without it (infra/README.md).
web-build:
	@if [ -f web/package.json ]; then cd web && npm ci && npm run build; \
	else echo "no web app in web/: deploying without a web build"; fi

deploy: install web-build
	cd infra && $(CDK) bootstrap -c stage=$(STAGE) $(CONTEXT)
	cd infra && $(CDK) deploy -c stage=$(STAGE) $(CONTEXT) --outputs-file cdk.out/outputs-$(STAGE).json

clean:
	rm -rf $(VENV) tools/contract/node_modules .local .pytest_cache .ruff_cache .hypothesis bench/results.json
