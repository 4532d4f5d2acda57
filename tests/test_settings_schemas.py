"""The frontend's settings schemas (``labextension/schema/*.json``), checked by the code
JupyterLab's own server runs on them: ``jupyterlab_server.settings_utils`` loads a schema
(refusing one that is not valid JSON Schema draft 7), validates what the Settings Editor
saves, and drops a hand-edited settings file that does not validate (the frontend then
sees the defaults)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator, ValidationError
from jupyterlab_server.settings_utils import get_settings, save_settings

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "labextension" / "schema"
EXTENSION = "jupyter-kubeflow"
PLUGINS = sorted(path.stem for path in SCHEMA_DIR.glob("*.json"))


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    """A schemas folder laid out as JupyterLab reads it (``<extension>/<plugin>.json``),
    and an empty user settings folder."""
    schemas = tmp_path / "schemas"
    schemas.mkdir()
    (schemas / EXTENSION).symlink_to(SCHEMA_DIR, target_is_directory=True)
    settings = tmp_path / "settings"
    settings.mkdir()
    return schemas, settings


def load(dirs: tuple[Path, Path], plugin: str) -> tuple[dict[str, Any], list[Any]]:
    schemas, settings = dirs
    return get_settings("", str(schemas), str(settings), f"{EXTENSION}:{plugin}", overrides={})


def save(dirs: tuple[Path, Path], plugin: str, values: dict[str, Any]) -> None:
    schemas, settings = dirs
    save_settings(str(schemas), str(settings), f"{EXTENSION}:{plugin}", json.dumps(values), {})


def test_every_surface_has_a_schema() -> None:
    assert PLUGINS == ["pipelines", "registry", "status", "workspaces"]


@pytest.mark.parametrize("plugin", PLUGINS)
def test_schema_loads_and_each_setting_is_described_with_a_valid_default(
    dirs: tuple[Path, Path], plugin: str
) -> None:
    result, warnings = load(dirs, plugin)  # raises when the schema is not draft 7
    assert warnings == [None]
    schema = result["schema"]
    assert schema["additionalProperties"] is False
    # titles and descriptions are translated in the extension's own gettext domain
    assert schema["jupyter.lab.internationalization"]["domain"] == "jupyter_kubeflow"
    assert schema["properties"], plugin
    for name, prop in schema["properties"].items():
        where = f"{plugin}.{name}"
        assert prop.get("title") and prop.get("description"), where
        assert "default" in prop, where
        Draft7Validator(prop).validate(prop["default"])
    # the defaults together are a valid settings file
    Draft7Validator(schema).validate({k: p["default"] for k, p in schema["properties"].items()})


GOOD = {
    "workspaces": {
        "defaultNamespace": "team-a",
        "listView": "compact",
        "confirmDelete": False,
        "confirmRestart": False,
    },
    "pipelines": {
        "defaultSplit": "headings",
        "defaultExperiment": "nightly",
        "runRefreshSeconds": 2.5,
        "confirmDeleteRun": False,
    },
    "registry": {"pageSize": 10, "confirmArchive": False},
    "status": {"refreshSeconds": 0},
}


@pytest.mark.parametrize("plugin", PLUGINS)
def test_a_valid_choice_is_saved_and_read_back(dirs: tuple[Path, Path], plugin: str) -> None:
    save(dirs, plugin, GOOD[plugin])
    result, warnings = load(dirs, plugin)
    assert warnings == [None]
    assert result["settings"] == GOOD[plugin]


BAD = [
    ("workspaces", {"defaultNamespace": "Team_A"}),  # not a DNS label
    ("workspaces", {"defaultNamespace": "a" * 64}),  # longer than a namespace may be
    ("workspaces", {"listView": "grid"}),
    ("workspaces", {"confirmDelete": "no"}),
    ("pipelines", {"defaultSplit": "cells"}),
    ("pipelines", {"runRefreshSeconds": 0.1}),  # would ask the server ten times a second
    ("pipelines", {"runRefreshSeconds": 600}),
    ("pipelines", {"defaultExperiment": "x" * 129}),
    ("registry", {"pageSize": 0}),
    ("registry", {"pageSize": 2.5}),
    ("registry", {"pageSize": 501}),
    ("status", {"refreshSeconds": -1}),
    ("status", {"refresh": 5}),  # a misspelt setting is refused, not ignored
]


@pytest.mark.parametrize(("plugin", "values"), BAD, ids=[f"{p}-{v}"[:60] for p, v in BAD])
def test_a_bad_value_is_refused_by_the_settings_editor_s_save(
    dirs: tuple[Path, Path], plugin: str, values: dict[str, Any]
) -> None:
    with pytest.raises(ValidationError):
        save(dirs, plugin, values)
    # nothing was written
    assert not any(dirs[1].rglob("*.jupyterlab-settings"))


def test_a_hand_edited_bad_file_falls_back_to_the_defaults_with_a_warning(
    dirs: tuple[Path, Path],
) -> None:
    path = dirs[1] / EXTENSION / "registry.jupyterlab-settings"
    path.parent.mkdir()
    path.write_text('{"pageSize": "lots", "confirmArchive": false}')
    result, warnings = load(dirs, "registry")
    assert result["settings"] == {}
    assert "pageSize" in warnings[0]
