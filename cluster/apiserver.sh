#!/usr/bin/env bash
# apiserver.sh NAME PORT [start|stop] [FLAG...]: one kube-apiserver on 127.0.0.1:PORT backed
# by the cluster's etcd, with RBAC; FLAGs are added to its command line (a test's own server,
# e.g. --watch-cache=false). up.sh starts the main one ("kube-apiserver"); the pytest
# suite starts a second one it can stop and restart without disturbing anyone else.
# Also writes $STATE/NAME.kubeconfig (contexts "admin" and "dev").
set -euo pipefail
source "$(dirname "$0")/lib.sh"
name="$1" port="$2" action="${3:-start}"
extra=("${@:4}")
match="kube-apiserver.*--secure-port=$port"
certs="$STATE/pki"

if [ "$action" = stop ]; then
  stop "$name" "$match"
  exit 0
fi

write_kubeconfig() { # a kubeconfig with the certificates embedded (portable, no paths)
  local b64="base64 -w0" tmp="$STATE/$name.kubeconfig.tmp"
  cat >"$tmp" <<KC
apiVersion: v1
kind: Config
clusters:
- name: local
  cluster:
    server: https://127.0.0.1:$port
    certificate-authority-data: $($b64 "$certs/ca.crt")
users:
- name: admin
  user:
    client-certificate-data: $($b64 "$certs/admin.crt")
    client-key-data: $($b64 "$certs/admin.key")
- name: dev
  user:
    client-certificate-data: $($b64 "$certs/dev.crt")
    client-key-data: $($b64 "$certs/dev.key")
contexts:
- name: admin
  context: {cluster: local, user: admin, namespace: team-a}
- name: dev
  context: {cluster: local, user: dev, namespace: team-a}
current-context: admin
KC
  chmod 600 "$tmp"
  mv "$tmp" "$STATE/$name.kubeconfig"
}

ready() { "$KUBECTL" --kubeconfig "$STATE/$name.kubeconfig" --request-timeout=2s get --raw /readyz >/dev/null 2>&1; }

write_kubeconfig
if alive "$name" "$match" && ready; then
  exit 0
fi
stop "$name" "$match" # stale pid file or a process that never became ready
launch "$name" "$KUBE_APISERVER" \
  --secure-port="$port" --bind-address=127.0.0.1 --advertise-address=127.0.0.1 \
  --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
  --authorization-mode=RBAC \
  --client-ca-file="$certs/ca.crt" \
  --tls-cert-file="$certs/apiserver.crt" --tls-private-key-file="$certs/apiserver.key" \
  --service-account-issuer=https://kubernetes.default.svc \
  --service-account-key-file="$certs/sa.pub" \
  --service-account-signing-key-file="$certs/sa.key" \
  --service-cluster-ip-range=10.0.0.0/24 \
  --cert-dir="$STATE/$name-certs" \
  --enable-priority-and-fairness=false \
  --profiling=false \
  ${extra[@]+"${extra[@]}"}
for _ in $(seq 1 240); do
  if ready; then
    exit 0
  fi
  if ! alive "$name" "$match"; then
    echo "kube-apiserver $name exited; last lines of $STATE/$name.log:" >&2
    tail -20 "$STATE/$name.log" >&2
    exit 1
  fi
  sleep 0.25
done
echo "kube-apiserver $name not ready after 60 s; see $STATE/$name.log" >&2
exit 1
