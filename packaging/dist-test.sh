#!/usr/bin/env bash
# `make dist-test`: the release wheel in dist/ installed as a user installs it, each time in
# fresh virtualenvs under .dist-test/ (git-ignored): "newest" (what pip resolves today) and
# "floor" (the oldest versions pyproject.toml claims, packaging/constraints-floor.txt).
# For each: the wheel's contents and what `jupyter labextension list` and `jupyter server
# extension list` say (pytest, packaging/test_dist.py), then the Playwright smoke tests
# (ui-tests/tests/smoke.spec.ts) against that environment's own `jupyter lab`.
# pip's cache (~/.cache/pip) keeps the second run fast; the virtualenvs are made anew.
#   DIST_TEST_FLAVOURS="newest floor"   which environments (default: both)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/.dist-test"
flavours=${DIST_TEST_FLAVOURS:-newest floor}
declare -A port=([newest]=8894 [floor]=8897)

shopt -s nullglob
wheels=("$root"/dist/jupyter_kubeflow-*.whl)
if [ ${#wheels[@]} -ne 1 ]; then
  echo "dist-test: expected one wheel in dist/, found ${#wheels[@]}: run make dist" >&2
  exit 1
fi
wheel=${wheels[0]}
mkdir -p "$work"
timings="$work/timings.txt"
: >"$timings"
started=$(date +%s)
lap() { # lap LABEL SINCE
  echo "$1: $(($(date +%s) - $2)) s" | tee -a "$timings"
}

# The environments are made side by side (pip mostly waits on downloads and unzipping);
# --no-compile: Python compiles what the tests import, not all of JupyterLab and kfp.
install() { # install FLAVOUR
  local venv="$work/$1" constraints=()
  rm -rf "$venv" "$work/$1-jupyter"
  python3 -m venv "$venv"
  if [ "$1" = floor ]; then
    constraints=(--constraint "$root/packaging/constraints-floor.txt"
      --constraint "$root/packaging/floor-lock.txt")
  fi
  "$venv/bin/pip" install --quiet --no-compile "$wheel" "${constraints[@]}"
  "$venv/bin/pip" list --format=freeze |
    grep -i -E '^(jupyterlab|jupyter[-_]server|kfp|kfp[-_]kubernetes|kubernetes|tornado)==' |
    tr '\n' ' ' >"$work/$1-versions.txt"
}
t=$(date +%s)
venvs=()
pids=()
for flavour in $flavours; do
  install "$flavour" >"$work/$flavour-install.log" 2>&1 &
  pids+=($!)
  venvs+=("$work/$flavour")
done
failed=0
for i in "${!pids[@]}"; do
  if ! wait "${pids[$i]}"; then
    echo "dist-test: installing into ${venvs[$i]} failed:" >&2
    cat "${venvs[$i]}-install.log" >&2
    failed=1
  fi
done
[ $failed = 0 ] || exit 1
for flavour in $flavours; do
  echo "$flavour: $(cat "$work/$flavour-versions.txt")"
done
lap "install ($flavours)" "$t"

# Each environment's Jupyter reads only its own config and data (plus the venv's).
isolate() { # isolate FLAVOUR -> exports for that environment
  local home="$work/$1-jupyter"
  mkdir -p "$home"
  export JUPYTER_CONFIG_DIR="$home/config" JUPYTER_DATA_DIR="$home/data"
  export JUPYTER_RUNTIME_DIR="$home/runtime" IPYTHONDIR="$home/ipython"
}

t=$(date +%s)
(
  cd "$work" # never the repository root, whose jupyter_kubeflow/ would shadow the wheel's
  DIST_WHEEL="$wheel" DIST_TEST_VENVS="$(IFS=:; echo "${venvs[*]}")" \
    JUPYTER_CONFIG_DIR="$work/pytest-jupyter/config" JUPYTER_DATA_DIR="$work/pytest-jupyter/data" \
    "$root/.venv/bin/pytest" -q -p no:cacheprovider --durations=5 --rootdir "$root" -c "$root/pyproject.toml" \
    "$root/packaging/test_dist.py" "$root/packaging/test_workspacekind.py"
)
lap "wheel and extension checks" "$t"

for flavour in $flavours; do
  t=$(date +%s)
  venv="$work/$flavour"
  (
    isolate "$flavour"
    cd "$root/ui-tests"
    PATH="$venv/bin:$PATH" JUPYTER_PORT=${port[$flavour]} \
      JUPYTER_LAB_COMMAND="$venv/bin/jupyter lab --config jupyter_server_test_config.py" \
      node_modules/.bin/playwright test
  )
  lap "smoke tests $flavour" "$t"
done
lap "dist-test in all" "$started"
