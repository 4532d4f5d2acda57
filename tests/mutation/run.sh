#!/usr/bin/env bash
# make mutation: mutmut 3 on the modules whose tests we most want to trust, one module at
# a time, each against the tests that exercise it (mutmut then runs, per mutant, only the
# tests that reached the mutated function). Slow: not part of `make test`.
#
#   tests/mutation/run.sh [MODULE...]   MODULE = cache | submit | runs | client | register
#   MUTATION_CHILDREN=N (mutants at once, default 1), MUTATION_RESUME=1 (go on with an
#   interrupted run), MUTATION_TESTS="tests/a.py ..." (run against these tests only),
#   MUTANTS="mutant names" (only these, e.g. the survivors of a run, to recheck them)
#
# Each module runs in its own scratch copy, build/mutation/<module>/ (mutmut writes its
# mutants/ folder and setup.cfg there, never into the work tree). The tests find the real
# cluster (.cluster, cluster/) and the Notebooks reference files through the variables
# set below, as in the work tree. Results: build/mutation/<module>/results.txt.
# Niced, and MUTATION_CHILDREN (default 1) mutants at a time: the machine is shared.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
BIN="$REPO/.venv/bin"
CHILDREN="${MUTATION_CHILDREN:-1}"
source "$REPO/cluster/versions.sh" # PORT_BASE, STATE, SHARED of the work tree's cluster
export CLUSTER_PORT_BASE="$PORT_BASE" CLUSTER_STATE="$STATE" KUBEFLOW_SHARED="$SHARED"

# module -> the file mutated and the tests run against it
declare -A SOURCE TESTS
SOURCE[cache]=jupyter_kubeflow/workspaces/cache.py
# test_cache_relist.py is left out: it starts its own kube-apiserver (~30 s) per mutant
TESTS[cache]="tests/workspaces/test_cache_units.py tests/workspaces/test_watch.py tests/workspaces/test_watch_bounds.py"
SOURCE[submit]=jupyter_kubeflow/pipelines/submit.py
TESTS[submit]="tests/pipelines/test_submit.py tests/pipelines/test_kfp_run_states.py tests/pipelines/test_submit_units.py"
SOURCE[runs]=jupyter_kubeflow/pipelines/runs.py
# test_warm_runs.py is left out: ~20 s of warm-against-kfp.local runs per mutant
TESTS[runs]="tests/pipelines/test_runs_units.py tests/pipelines/test_runs_retention.py tests/pipelines/test_runs_cancel.py tests/pipelines/test_runs_cancel_restart.py tests/pipelines/test_runs_by_notebook.py tests/pipelines/test_kfp_run_states.py tests/pipelines/test_warm_pool.py tests/pipelines/test_handlers.py tests/pipelines/test_bad_requests.py"
SOURCE[client]=jupyter_kubeflow/registry/client.py
TESTS[client]="tests/registry/test_client_units.py tests/registry/test_v1alpha3_probe.py tests/registry/test_registry_token.py tests/registry/test_external.py tests/registry/test_external_recorded.py tests/registry/test_concurrent_edits.py"
SOURCE[register]=jupyter_kubeflow/registry/register.py
TESTS[register]="tests/registry/test_register_units.py tests/registry/test_register_validation.py tests/registry/test_register_links.py tests/registry/test_register_failures.py tests/registry/test_register_races.py tests/registry/test_storage.py tests/registry/test_handlers.py tests/registry/test_bad_input.py"

write_results() { # MODULE SOURCE WORK STARTED: results.txt and a one-line summary
  local module="$1" source_file="$2" work="$3" started="$4"
  {
    echo "module: $source_file"
    echo "measured: $started .. $(date -u +%FT%TZ), commit $(git -C "$REPO" rev-parse --short HEAD)" \
      "(source $(git -C "$REPO" log -1 --format=%h -- "$source_file"))"
    echo "tests: ${TESTS[$module]}"
    (cd "$work" && "$BIN/mutmut" results --all true)
  } >"$work/results.txt"
  echo "== $module: $(grep -c ': killed' "$work/results.txt" || true) killed," \
    "$(grep -c ': survived' "$work/results.txt" || true) survived; $work/results.txt"
}

modules=("$@")
[ ${#modules[@]} -gt 0 ] || modules=(cache submit runs client register)

for module in "${modules[@]}"; do
  source_file="${SOURCE[$module]:?unknown module $module (cache submit runs client register)}"
  # MUTATION_TESTS="tests/..." replaces the module's test list (a quicker, partial run)
  [ -z "${MUTATION_TESTS:-}" ] || TESTS[$module]="$MUTATION_TESTS"
  work="$REPO/build/mutation/$module"
  if [ "${MUTATION_RESUME:-}" = 1 ] && [ -d "$work/mutants" ]; then
    # go on with an interrupted run: mutmut keeps each mutant's result in mutants/
    echo "== mutation: resuming $source_file in $work"
    (cd "$work" && nice -n 10 "$BIN/mutmut" run --max-children "$CHILDREN") || true
    write_results "$module" "$source_file" "$work" "resumed"
    continue
  fi
  rm -rf "$work"
  mkdir -p "$work/mutants"
  cp -r "$REPO/jupyter_kubeflow" "$REPO/tests" "$REPO/pyproject.toml" "$work/"
  # The tests reach the cluster through REPO/.cluster and REPO/cluster (REPO being mutants/).
  # make mutation brought the cluster up once; each mutant's pytest session only checks it
  # answers, instead of running up.sh again (seconds per mutant).
  ln -s "$STATE" "$work/mutants/.cluster"
  mkdir "$work/mutants/cluster"
  for f in "$REPO"/cluster/*; do ln -s "$f" "$work/mutants/cluster/"; done
  rm "$work/mutants/cluster/up.sh"
  cat >"$work/mutants/cluster/up.sh" <<'UP'
#!/usr/bin/env bash
source "$(dirname "$0")/versions.sh"
exec "$KUBECTL" --kubeconfig "$STATE/kubeconfig" --request-timeout=5s get --raw /readyz >/dev/null
UP
  chmod +x "$work/mutants/cluster/up.sh"
  tests=""
  for t in ${TESTS[$module]}; do
    [ -f "$REPO/$t" ] && tests="$tests    $t"$'\n'
  done
  cat >"$work/setup.cfg" <<CFG
[mutmut]
source_paths = jupyter_kubeflow
only_mutate = $source_file
pytest_add_cli_args = -p no:cacheprovider
# a mutant that hangs is stopped after 5x its tests' clean time + 10 s
timeout_multiplier = 5
timeout_constant = 10
pytest_add_cli_args_test_selection =
$tests
CFG
  echo "== mutation: $source_file against:" ${TESTS[$module]}
  started=$(date -u +%FT%TZ)
  # MUTANTS="name ..." runs only these mutants (say, last run's survivors, to recheck them)
  # shellcheck disable=SC2086
  (cd "$work" && nice -n 10 "$BIN/mutmut" run --max-children "$CHILDREN" ${MUTANTS:-}) || true
  write_results "$module" "$source_file" "$work" "$started"
done
