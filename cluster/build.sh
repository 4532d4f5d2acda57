#!/usr/bin/env bash
# Builds (once per version) kube-apiserver, kubectl, etcd and certgen into the cache
# outside the repository. Uses at most 2 cores. A second run finds them and does nothing.
set -euo pipefail
source "$(dirname "$0")/versions.sh"
mkdir -p "$BIN_CACHE"
exec 9>"$BIN_CACHE/.build.lock"
flock 9 # two make runs at once build once

export GOFLAGS="-mod=mod -buildvcs=false" GOMAXPROCS=2
GOBUILD=(go build -p 2 -trimpath -ldflags=-s)
# The release version, as the official build stamps it (kubectl version, /version).
minor="${KUBE_VERSION#v1.}"
minor="${minor%%.*}"
KUBE_LDFLAGS="-s -X k8s.io/component-base/version.gitVersion=$KUBE_VERSION"
KUBE_LDFLAGS+=" -X k8s.io/component-base/version.gitMajor=1"
KUBE_LDFLAGS+=" -X k8s.io/component-base/version.gitMinor=$minor"
KUBE_LDFLAGS+=" -X k8s.io/client-go/pkg/version.gitVersion=$KUBE_VERSION"

build() { # build OUTPUT MODULE_DIR PACKAGE [go build flags]
  local out="$1" dir="$2" pkg="$3"
  shift 3
  [ -x "$out" ] && return 0
  echo "make cluster: building $(basename "$out") (first time only, several minutes)" >&2
  (cd "$dir" && "${GOBUILD[@]}" "$@" -o "$out.tmp" "$pkg")
  mv "$out.tmp" "$out"
}

build "$CERTGEN" "$CLUSTER_SRC" ./certgen
build "$ETCD" "$CLUSTER_SRC/etcd" go.etcd.io/etcd/server/v3
build "$KUBE_APISERVER" "$CLUSTER_SRC" k8s.io/kubernetes/cmd/kube-apiserver -ldflags="$KUBE_LDFLAGS"
build "$KUBECTL" "$CLUSTER_SRC" k8s.io/kubernetes/cmd/kubectl -ldflags="$KUBE_LDFLAGS"
