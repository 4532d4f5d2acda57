#!/usr/bin/env bash
# make cluster-down: stop the API servers and etcd started by make cluster (data is kept).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
[ -d "$STATE" ] || exit 0
for pidfile in "$STATE"/*.pid; do
  [ -e "$pidfile" ] || continue
  name="$(basename "$pidfile" .pid)"
  [ "$name" = etcd ] && continue
  stop "$name" "kube-apiserver"
done
stop etcd "etcd.*$ETCD_PORT"
echo "make cluster-down: stopped"
