# Pinned versions of the binaries make cluster builds (sourced by the scripts here).
# kube-apiserver and kubectl come from k8s.io/kubernetes (go.mod), etcd from etcd/go.mod.
KUBE_VERSION=v1.36.3
ETCD_VERSION=v3.6.8
CLUSTER_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$CLUSTER_SRC/.." && pwd)"
BIN_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/jupyter-kubeflow/bin"
STATE="${CLUSTER_STATE:-$REPO_ROOT/.cluster}"
# Notebooks 2.0 CRDs and samples: ../shared next to the clone (KUBEFLOW_SHARED overrides).
SHARED="${KUBEFLOW_SHARED:-$REPO_ROOT/../shared}"
NOTEBOOKS_REF="$SHARED/reference/kubeflow-notebooks-v2"
# Ports: four per checkout, chosen from its path, so two clones on one machine (say a CI
# run next to a working copy) each get their own cluster. Override with CLUSTER_PORT_BASE.
PORT_BASE="${CLUSTER_PORT_BASE:-$((20000 + $(printf %s "$REPO_ROOT" | cksum | cut -d' ' -f1) % 1000 * 4))}"
ETCD_PORT=$PORT_BASE
ETCD_PEER_PORT=$((PORT_BASE + 1))
APISERVER_PORT=$((PORT_BASE + 2))
SPARE_APISERVER_PORT=$((PORT_BASE + 3)) # a second API server the pytest suite stops/starts
KUBE_APISERVER="$BIN_CACHE/kube-apiserver-$KUBE_VERSION"
KUBECTL="$BIN_CACHE/kubectl-$KUBE_VERSION"
ETCD="$BIN_CACHE/etcd-$ETCD_VERSION"
CERTGEN="$BIN_CACHE/certgen-$(sha256sum "$CLUSTER_SRC/certgen/main.go" | cut -c1-12)"
