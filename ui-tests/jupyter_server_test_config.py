"""The `jupyter lab` the UI tests run against (galata's test configuration)."""

import atexit
import os
import shutil
import sys
from pathlib import Path
from tempfile import mkdtemp

from jupyterlab.galata import configure_jupyter_server

from jupyter_kubeflow.registry.catalog.loader import SAMPLES

configure_jupyter_server(c)  # noqa: F821 (c is the config object jupyter injects)

c.ServerApp.allow_root = True  # noqa: F821
c.ServerApp.root_dir = mkdtemp(prefix="kubeflow-ui-tests-")  # noqa: F821
# The embedded registry and local runs keep their state in a throwaway folder.
c.KubeflowExtension.data_dir = str(Path(mkdtemp(prefix="kubeflow-ui-data-")))  # noqa: F821
os.environ.setdefault("JUPYTER_KUBEFLOW_UI_TEST", "1")

# The model catalog: Kubeflow Hub's sample catalog (the embedded default) and a source of
# the UI tests' own (ui-tests/catalog: a README that tries to run script).
c.KubeflowExtension.catalog_sources = [  # noqa: F821
    str(SAMPLES),
    str(Path(__file__).resolve().parent / "catalog" / "sources.yaml"),
]

# The Kubernetes API server that `make cluster` runs, when it is up.
_kubeconfig = Path(__file__).resolve().parent.parent / ".cluster" / "kubeconfig"
if _kubeconfig.exists():
    c.KubeflowExtension.kubeconfig = str(_kubeconfig)  # noqa: F821

# KFP's artifact store for the Kubeflow runs' metrics and outputs: a real S3 server
# (versitygw, the registry tests' peer, installed by `make registry-peers`) over a folder
# the spec writes the launcher's uploads into (tests/kubeflow-runs.spec.ts). Only the lab
# the suite runs against has one (playwright.config.js names its folder): a second lab a
# spec starts (tests/second-lab.ts) must not empty that folder under the first one's
# server, nor race it to re-create it (two labs started at once once failed that way).
_store_dir = os.environ.pop("KUBEFLOW_UI_KFP_STORE", "")
if _store_dir:
    _store = Path(_store_dir)
    shutil.rmtree(_store, ignore_errors=True)  # the last run's objects
    (_store / "s3-data" / "mlpipeline").mkdir(parents=True)  # the store's bucket, a folder
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from registry.peers import S3Server  # noqa: E402

    _s3 = S3Server(_store).start()
    atexit.register(_s3.stop)
    os.environ["KFP_ARTIFACT_ACCESS_KEY"] = _s3.access_key
    os.environ["KFP_ARTIFACT_SECRET_KEY"] = _s3.secret_key
    c.KubeflowExtension.kfp_artifact_endpoint = _s3.endpoint  # noqa: F821
