"""Catalog sources for the catalog tests: Kubeflow Hub's own sample files, copied to a
temporary folder so a test can edit, break or replace them."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from jupyter_kubeflow.registry.catalog.loader import SAMPLES

SAMPLE_DIR = SAMPLES.parent
SAMPLE_MODELS = 16  # 6 organization + 5 validated + 5 community models in Hub's samples
SOURCE_IDS = ["community_custom_models", "organization_ai_models", "validated_ai_models"]


def copy_samples(folder: Path) -> Path:
    """Hub's sample sources file and its three catalog files in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in SAMPLE_DIR.glob("*.yaml"):
        shutil.copy(path, folder / path.name)
    return folder / SAMPLES.name


def write_yaml(path: Path, document: Any) -> Path:
    """Write atomically (a new inode), as editors and config maps replace files."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(yaml.safe_dump(document, sort_keys=False))
    tmp.replace(path)
    return path


def model(name: str, **fields: Any) -> dict[str, Any]:
    """A catalog file's model entry with one OCI artifact."""
    entry: dict[str, Any] = {
        "name": name,
        "provider": "Test Provider",
        "description": f"{name} for tests",
        "license": "apache-2.0",
        "tasks": ["text-generation"],
        "language": ["en"],
        "artifacts": [{"uri": f"oci://registry.example.com/{name}:1.0"}],
    }
    entry.update(fields)
    return entry
