"""Kubeflow Notebooks 2.0 workspaces: list, create, pause/resume, edit and delete them."""
