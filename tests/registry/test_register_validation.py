"""A registration's bad input, through the route: the exact message and the field it names.

Written against the survivors of ``make mutation MODULES=register`` (docs/testing.md): the
checks ran, but no test read their words or their ``field``, which the panel uses to put
the message beside the input it is about.
"""

from __future__ import annotations

from typing import Any

import pytest

LONG = "m" * 256  # one more than the Model Registry's 255-character name columns


@pytest.mark.parametrize(
    ("body", "status", "field", "message"),
    [
        ({"modelName": "m", "versionName": "v"}, 400, "path", "path is required"),
        (
            {"path": "a", "uri": "s3://b/m", "modelName": "m", "versionName": "v"},
            400,
            "uri",
            "give path (to upload) or uri (already stored), not both",
        ),
        (
            {"uri": "bucket/model", "modelName": "m", "versionName": "v"},
            400,
            "uri",
            "uri must be an absolute URI, e.g. s3://bucket/model",
        ),
        (
            {"uri": "s3://b/m", "modelName": "m"},
            400,
            "versionName",
            "versionName is required",
        ),
        (
            {"uri": "s3://b/m", "modelName": LONG, "versionName": "v"},
            400,
            "modelName",
            "modelName is too long: at most 255 characters (it has 256; the Model "
            "Registry's limit)",
        ),
        (
            {"uri": "s3://b/m", "modelName": "m", "versionName": LONG},
            400,
            "versionName",
            "versionName is too long: at most 255 characters (it has 256; the Model "
            "Registry's limit)",
        ),
        (
            {"uri": "s3://b/m", "modelName": "m", "versionName": "v", "storage": "ftp"},
            400,
            "storage",
            "storage must be local, s3 or oci",
        ),
        (
            {"uri": "s3://b/m", "modelName": "m", "versionName": "v", "storage": "s3"},
            422,
            "storage",
            "s3 storage is not configured on this server (available: local)",
        ),
    ],
)
async def test_bad_registration_names_its_field(
    api: Any, body: dict[str, Any], status: int, field: str, message: str
) -> None:
    code, answer = await api("registry/register", "POST", body)
    assert (code, answer.get("field"), answer.get("message")) == (status, field, message)
