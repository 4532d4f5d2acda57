"""jupyter-kubeflow: Kubeflow from JupyterLab.

Three capabilities, one folder each: ``pipelines`` (notebook to Kubeflow Pipeline),
``registry`` (Kubeflow Model Registry client and an embedded registry), and
``workspaces`` (Kubeflow Notebooks 2.0 workspaces). ``app`` wires them into a Jupyter
server extension; ``cli`` exposes the same services as ``jupyter kubeflow``.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    return [{"src": "labextension", "dest": "jupyter-kubeflow"}]


def _jupyter_server_extension_points() -> list[dict[str, Any]]:
    from .app import KubeflowExtension

    return [{"module": "jupyter_kubeflow.app", "app": KubeflowExtension}]
