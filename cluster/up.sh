#!/usr/bin/env bash
# make cluster: a real Kubernetes control plane on loopback (etcd + kube-apiserver with
# RBAC), the Notebooks 2.0 CRDs, namespaces team-a/team-b, the sample WorkspaceKind, a
# limited user "dev", and .cluster/kubeconfig. Idempotent: a running cluster is left as is,
# stale processes are restarted.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
[ -f "$NOTEBOOKS_REF/kubeflow.org_workspaces.crd.yaml" ] || {
  echo "make cluster: Notebooks 2.0 CRDs not found in $NOTEBOOKS_REF (set KUBEFLOW_SHARED)" >&2
  exit 1
}
"$CLUSTER_SRC/build.sh"
mkdir -p "$STATE"
exec 8>"$STATE/.lock"
flock 8 # concurrent make cluster runs wait for the first one
"$CERTGEN" "$STATE/pki"

etcd_ready() { # python3 rather than curl: CI machines have Python, not necessarily curl
  python3 -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$ETCD_PORT/health', timeout=2)" \
    >/dev/null 2>&1
}
if ! { alive etcd "etcd.*$ETCD_PORT" && etcd_ready; }; then
  stop etcd "etcd.*$ETCD_PORT"
  # --unsafe-no-fsync: throwaway test data, fsync would only slow the tests down
  launch etcd "$ETCD" --name=default --data-dir="$STATE/etcd" \
    --listen-client-urls="http://127.0.0.1:$ETCD_PORT" \
    --advertise-client-urls="http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-advertise-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster="default=http://127.0.0.1:$ETCD_PEER_PORT" \
    --unsafe-no-fsync --quota-backend-bytes=2147483648 --log-level=warn
  for _ in $(seq 1 120); do etcd_ready && break; sleep 0.25; done
  etcd_ready || { echo "etcd did not start; see $STATE/etcd.log" >&2; tail -20 "$STATE/etcd.log" >&2; exit 1; }
fi

"$CLUSTER_SRC/apiserver.sh" kube-apiserver "$APISERVER_PORT"
cp "$STATE/kube-apiserver.kubeconfig" "$STATE/kubeconfig.tmp"
mv "$STATE/kubeconfig.tmp" "$STATE/kubeconfig"

kubectl() { "$KUBECTL" --kubeconfig "$STATE/kubeconfig" --context admin "$@"; }
# Server-side apply: the WorkspaceKind CRD is too big for client-side apply's annotation.
kubectl apply --server-side --force-conflicts --field-manager=make-cluster -o name \
  -f "$NOTEBOOKS_REF/kubeflow.org_workspaces.crd.yaml" \
  -f "$NOTEBOOKS_REF/kubeflow.org_workspacekinds.crd.yaml" >/dev/null
# kubectl wait fails at once ("accessor error: <nil>") while a new CRD has no status yet,
# as on a busy machine: ask again until both say Established (120 s at most).
established() {
  kubectl wait --for condition=established --timeout=10s \
    crd/workspaces.kubeflow.org crd/workspacekinds.kubeflow.org >/dev/null 2>&1
}
for _ in $(seq 1 60); do established && break; sleep 2; done
established || {
  kubectl wait --for condition=established --timeout=10s \
    crd/workspaces.kubeflow.org crd/workspacekinds.kubeflow.org
  echo "make cluster: the Notebooks 2.0 CRDs never became Established" >&2
  exit 1
}
# A CRD just established may not be in kubectl's discovery yet on a busy machine: retry.
retry() {
  for _ in 1 2 3 4 5; do "$@" >/dev/null 2>&1 && return 0; sleep 3; done
  "$@" >/dev/null # the last try says why
}
retry kubectl apply --server-side --force-conflicts --field-manager=make-cluster -o name \
  -f "$CLUSTER_SRC/manifests/"
# Client-side apply for the sample kind: it has empty keys (probes:) that kubectl drops
# but server-side apply sends as null, which the schema refuses.
retry kubectl apply -o name -f "$NOTEBOOKS_REF/sample_jupyterlab_v1beta1_workspacekind.yaml"
# A fresh API server answers 429 until its cache of the new resource is ready: wait for it.
for _ in $(seq 1 120); do
  kubectl get workspaces --all-namespaces --request-timeout=5s -o name >/dev/null 2>&1 && break
  sleep 0.5
done
echo "make cluster: kube-apiserver $KUBE_VERSION at https://127.0.0.1:$APISERVER_PORT," \
  "kubeconfig $STATE/kubeconfig (contexts admin, dev)"
