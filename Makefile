# make lab   : set everything up and launch JupyterLab with the extension (ARGS=... passed on)
# make test  : set everything up and run every test (lint, TypeScript units, pytest, Playwright)
# Works from a bare clone, as root too (CI). The virtualenv is .venv in this folder.

PYTHON ?= python3
VENV := $(CURDIR)/.venv
BIN := $(VENV)/bin
export PATH := $(BIN):$(PATH)
# Playwright must use Debian's Chromium, never download a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
ARGS ?=
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: install lab test test-python test-ts test-ui lint chromium build-labextension clean registry-peers doc-images dist dist-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Python side: the project editable with its test extras. The labextension is built
# below by jlpm, so the build hook is skipped here (SKIP_JUPYTER_BUILDER).
$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet "jupyterlab>=4.2,<5"
	SKIP_JUPYTER_BUILDER=1 $(BIN)/pip install --quiet -e ".[test]"
	touch $@

labextension/node_modules/.installed: $(VENV)/.installed labextension/package.json labextension/yarn.lock
	cd labextension && jlpm install
	touch $@

# Rebuilt only when a source changed, so `make lab` starts at once the second time.
LABEXTENSION_SOURCES := $(shell find labextension/src labextension/style labextension/schema -type f 2>/dev/null) labextension/tsconfig.json
jupyter_kubeflow/labextension/package.json: labextension/node_modules/.installed $(LABEXTENSION_SOURCES)
	cd labextension && jlpm build
	touch $@

$(VENV)/.labextension-linked: jupyter_kubeflow/labextension/package.json
	jupyter labextension develop --overwrite .
	jupyter server extension enable --sys-prefix jupyter_kubeflow
	touch $@

build-labextension: $(VENV)/.labextension-linked

install: build-labextension

lab: install
	jupyter lab $(ROOT_FLAG) $(ARGS)

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the UI tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# The registry tests' real storage peers: versitygw (S3, built once from the Go module
# proxy into ~/.cache/jupyter-kubeflow/bin), Debian's skopeo and docker-registry (OCI).
registry-peers:
	bash tests/registry/install_peers.sh

lint: install
	ruff check jupyter_kubeflow tests benchmarks packaging
	ruff format --check jupyter_kubeflow tests benchmarks packaging
	cd labextension && jlpm lint:check
	labextension/node_modules/.bin/prettier --check ui-tests/tests ui-tests/playwright.config.js

test-ts: install
	cd labextension && jlpm test

test-python: install cluster registry-peers
	pytest -q

ui-tests/node_modules/.installed: ui-tests/package.json ui-tests/yarn.lock $(VENV)/.installed
	cd ui-tests && jlpm install
	touch $@

test-ui: install cluster registry-peers chromium ui-tests/node_modules/.installed
	cd ui-tests && jlpm playwright test

# A real Kubernetes control plane on loopback (etcd + kube-apiserver built from source,
# cached in ~/.cache/jupyter-kubeflow/bin) with the Notebooks 2.0 CRDs: .cluster/kubeconfig
.PHONY: cluster cluster-down
cluster:
	cluster/up.sh

cluster-down:
	cluster/down.sh

# Re-take the README's screenshots (docs/images/) from the UI tests.
doc-images: install cluster registry-peers chromium ui-tests/node_modules/.installed
	cd ui-tests && UPDATE_DOC_IMAGES=1 jlpm playwright test

# The release: sdist and wheel in dist/, built from a clean copy of the tree (build/dist-src)
# with the production labextension, whatever development build lies in this folder.
dist: labextension/node_modules/.installed
	packaging/build-dist.sh

# The wheel installed as users install it, in fresh virtualenvs under .dist-test/ with the
# newest JupyterLab and kfp pip resolves and with the oldest we support: extension lists
# say OK, and Playwright smoke tests (one per surface) run against each installed server.
dist-test: dist cluster registry-peers chromium ui-tests/node_modules/.installed
	packaging/dist-test.sh

test: lint test-ts test-python test-ui dist-test

# Mutation testing (mutmut) of the modules tests/mutation/run.sh lists, one at a time and
# niced; an hour or more, so not part of `make test`. MODULES="cache submit" picks some.
# Results in build/mutation/<module>/results.txt; docs/testing.md says what survives and why.
.PHONY: mutation
MODULES ?=
mutation: install cluster registry-peers
	tests/mutation/run.sh $(MODULES)

clean:
	rm -rf $(VENV) labextension/node_modules labextension/lib ui-tests/node_modules jupyter_kubeflow/labextension build dist .dist-test
