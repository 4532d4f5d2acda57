#!/usr/bin/env bash
# Installs the real peers the registry tests talk to (idempotent; `make test` runs it):
#  - versitygw, an S3-compatible gateway (POSIX backend), built from the Go module proxy
#    into ~/.cache/jupyter-kubeflow/bin;
#  - Debian's skopeo and docker-registry (OCI registry) for the modelcar storage.
set -euo pipefail
BIN="${JUPYTER_KUBEFLOW_BIN:-$HOME/.cache/jupyter-kubeflow/bin}"
VERSITYGW_VERSION="${VERSITYGW_VERSION:-v1.8.0}"
mkdir -p "$BIN"
if [ ! -x "$BIN/versitygw-$VERSITYGW_VERSION" ]; then
  tmp="$(mktemp -d)"
  echo "building versitygw $VERSITYGW_VERSION (a few minutes, once)"
  GOBIN="$tmp" GOFLAGS=-mod=mod go install "github.com/versity/versitygw/cmd/versitygw@$VERSITYGW_VERSION"
  mv "$tmp/versitygw" "$BIN/versitygw-$VERSITYGW_VERSION"
  rm -rf "$tmp"
fi
if [ "${SKIP_APT:-}" != "1" ] && { ! command -v skopeo >/dev/null || [ ! -x /usr/bin/docker-registry ]; }; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq skopeo docker-registry >/dev/null
fi
echo "registry test peers ready: $BIN/versitygw-$VERSITYGW_VERSION, $(command -v skopeo || echo 'no skopeo')"
