#!/usr/bin/env bash
# `make dist`: the sdist and the wheel of a release, built from a clean copy of the tree, so
# no development build lying around (source maps, build_log.json, lib/) can reach them.
#
# The copy holds what git sees: tracked and untracked-but-not-ignored files of the working
# tree (in CI, a fresh clone: the same thing), or the commit DIST_REF names (e.g.
# DIST_REF=HEAD for a release from a commit). The labextension is built there with
# `jlpm build:prod`, with the node_modules `make install` put in labextension/ (linked,
# not copied: 500 MB), then `python -m build` makes the sdist and, from it, the wheel.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src="$root/build/dist-src"
out="${DIST_DIR:-$root/dist}"

rm -rf "$src"
mkdir -p "$src" "$out"
if [ -n "${DIST_REF:-}" ]; then
  git -C "$root" archive "$DIST_REF" | tar -x -C "$src"
else
  # --ignore-failed-read: a tracked file deleted in the working tree is simply left out.
  (cd "$root" && git ls-files -z --cached --others --exclude-standard |
    tar --null -T - --ignore-failed-read -cf - 2>/dev/null) | tar -x -C "$src"
fi
for leftover in jupyter_kubeflow/labextension labextension/lib labextension/node_modules; do
  if [ -e "$src/$leftover" ]; then
    echo "build-dist: $leftover is in the clean copy: is it tracked by git?" >&2
    exit 1
  fi
done
ln -s "$root/labextension/node_modules" "$src/labextension/node_modules"
# yarn reads which packages are installed from its install state.
mkdir -p "$src/labextension/.yarn"
cp "$root/labextension/.yarn/install-state.gz" "$src/labextension/.yarn/"

# The production labextension, built here rather than by the hatch build hook: the hook
# would first run `jlpm install`, which writes into the linked node_modules that others
# build from. With static/style.js present, the hook skips (skip-if-exists).
(cd "$src/labextension" && jlpm build:prod)

rm -f "$out"/jupyter_kubeflow-*.whl "$out"/jupyter_kubeflow-*.tar.gz
# The build requirements (hatchling, hatch-jupyter-builder, jupyterlab) are in .venv (the
# test extras), so no isolated environment is downloaded for each build. The sdist is built
# first and the wheel from it, as `pip install jupyter-kubeflow` from the sdist would.
cd "$src"
python -m build --no-isolation --outdir "$out" .
ls -l "$out"/jupyter_kubeflow-*
