"""The server extension itself: it loads, answers status, and demands authentication."""

from __future__ import annotations

import json

from tornado.httpclient import HTTPClientError


async def test_status_reports_version(api) -> None:
    code, body = await api("status")
    assert code == 200
    from jupyter_kubeflow import __version__

    assert body["version"] == __version__


async def test_status_needs_a_token(jp_fetch) -> None:
    # Without Jupyter's token the route is refused (403), like every route of ours.
    response = await jp_fetch(
        "kubeflow", "api", "status", headers={"Authorization": ""}, raise_error=False
    )
    assert response.code == 403


async def test_unknown_route_is_404(jp_fetch) -> None:
    try:
        await jp_fetch("kubeflow", "api", "no-such-thing")
    except HTTPClientError as e:
        assert e.code == 404
    else:
        raise AssertionError("expected 404")


def test_json_errors_have_a_message() -> None:
    from jupyter_kubeflow.errors import Unprocessable

    err = Unprocessable("name is not a valid DNS-1123 label", field="metadata.name")
    assert err.status == 422
    assert json.loads(json.dumps(err.to_dict())) == {
        "message": "name is not a valid DNS-1123 label",
        "field": "metadata.name",
    }


async def test_every_route_refuses_a_request_without_a_token(jp_serverapp, jp_fetch) -> None:
    """Each route the extension registers, with each verb, answers 403 (or 405 for a verb
    it does not have) to a request without Jupyter's token: nothing is reachable unauthed."""
    import re

    extension = jp_serverapp.extension_manager.extension_apps["jupyter_kubeflow"]
    app = next(iter(extension))
    patterns = [handler[0] for handler in app.handlers]
    assert len(patterns) > 20  # status, pipelines, registry (+ its mount), workspaces
    refused = 0
    for pattern in patterns:
        # Fill each regex group with a plausible segment; an optional tail is left off.
        path = re.sub(r"\([^)]*\)\?", "", pattern)
        path = re.sub(r"\(\?P<\w+>[^)]*\)|\([^)]*\)", "x", path).rstrip("$").lstrip("/")
        path = path.replace("\\", "")
        for method in ("GET", "POST", "PATCH", "PUT", "DELETE"):
            response = await jp_fetch(
                *path.split("/"),
                method=method,
                body=b"{}" if method in ("POST", "PATCH", "PUT") else None,
                headers={"Authorization": ""},
                raise_error=False,
                allow_nonstandard_methods=True,
            )
            assert response.code in (403, 405), (method, pattern, response.code)
            refused += response.code == 403
    assert refused >= len(patterns), (refused, len(patterns))
