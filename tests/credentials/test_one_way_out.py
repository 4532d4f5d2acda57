"""Every request to another server goes through one of the mechanisms (docs/security.md):
no module of the package builds its own HTTP or Kubernetes client.

The package's source is read (Python's ``ast``) for the ways a client is made; each is
allowed in the one module that applies the rules (origin-only redirects, the configured
kubeconfig context, remembered credentials). A new client of the extension (a catalog
service, another KFP call) therefore goes through ``outbound.fetch``/``outbound.pool``
(S3: ``outbound.s3_client``),
``submit.connect``/``kfp_session.open_session`` or ``kube_connection.ConnectionHolder``, or
this test names the line that does not.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[2] / "jupyter_kubeflow"

# dotted name used -> the only module (relative to the package) allowed to use it
ALLOWED = {
    "AsyncHTTPClient": "outbound.py",  # tornado: outbound.fetch
    "PoolManager": "outbound.py",  # urllib3: outbound.pool
    "kfp.Client": "pipelines/submit.py",  # submit.connect
    "load_kube_config": "kube_connection.py",
    "load_incluster_config": "kube_connection.py",
    "new_client_from_config": "kube_connection.py",
    "client.ApiClient": "kube_connection.py",  # the call; the type in annotations is fine
    "boto3.client": "outbound.py",  # outbound.s3_client (the registry's storage, KFP's store)
}
FORBIDDEN_IMPORTS = ("urllib.request", "requests", "httpx", "aiohttp", "http.client")


def dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{dotted(node.value)}.{node.attr}"
    return ""


def uses(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, what) for each client-making call and forbidden import."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = dotted(node.func)
            for what in ALLOWED:
                if name == what or name.endswith(f".{what}"):
                    found.append((node.lineno, what))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name in FORBIDDEN_IMPORTS]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if module in FORBIDDEN_IMPORTS:
                found.append((node.lineno, module))
            found += [
                (node.lineno, alias.name)
                for alias in node.names
                if alias.name in ("AsyncHTTPClient", "PoolManager") and module != "typing"
            ]
    return found


def test_no_module_makes_its_own_client() -> None:
    stray = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        for line, what in uses(ast.parse(path.read_text(), str(path))):
            if ALLOWED.get(what) != relative:
                stray.append(f"{relative}:{line} uses {what}")
    assert stray == [], "clients made outside their one module:\n" + "\n".join(stray)


@pytest.mark.parametrize(
    "source, what",
    [
        ("from tornado.httpclient import AsyncHTTPClient", "AsyncHTTPClient"),
        ("import tornado.httpclient as h\nh.AsyncHTTPClient().fetch(r)", "AsyncHTTPClient"),
        ("import kfp\nkfp.Client(host=h)", "kfp.Client"),
        ("from kubernetes import config\nconfig.load_kube_config()", "load_kube_config"),
        ("from kubernetes import client\nclient.ApiClient(c)", "client.ApiClient"),
        ("import urllib.request", "urllib.request"),
        ("import boto3\nboto3.client('s3')", "boto3.client"),
    ],
)
def test_the_scan_sees_each_way(source: str, what: str) -> None:
    assert what in [w for _, w in uses(ast.parse(source))]
