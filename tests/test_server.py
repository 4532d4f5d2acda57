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
