"""Notebook -> Kubeflow Pipeline (KFP v2): analyse, compile, run locally, submit."""
