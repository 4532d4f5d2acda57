"""Licence identifiers as Kubeflow Hub's catalog shows them (``apache-2.0`` -> ``Apache 2.0``).

Hub stores a model's ``license`` in this readable form when it loads a catalog file, and
answers, filters and lists filter options with it. These are Hub's own names for the
identifiers catalogs use; any other identifier is kept as given, as Hub does for one it
does not know.
"""

from __future__ import annotations

LICENSE_NAMES = {
    "apache-2.0": "Apache 2.0",
    "bigscience-openrail-m": "BigScience OpenRAIL-M License",
    "bsd-2-clause": "BSD 2-Clause",
    "bsd-3-clause": "BSD 3-Clause",
    "gemma": "Gemma License",
    "gpl-2.0": "GPL 2.0",
    "gpl-3.0": "GPL 3.0",
    "lgpl-2.1": "LGPL 2.1",
    "lgpl-3.0": "LGPL 3.0",
    "llama2": "Llama 2 Community License",
    "llama3": "Llama 3 Community License",
    "llama3.1": "Llama 3.1 Community License",
    "llama3.2": "Llama 3.2 Community License",
    "llama3.3": "Llama 3.3 Community License",
    "llama4": "Llama 4 Community License",
    "mit": "MIT",
    "nvidia-open-model-license": "NVIDIA Open Model License",
    "openrail": "OpenRAIL License",
    # SPDX names of the other licences model catalogs commonly use
    "cc-by-4.0": "Creative Commons Attribution 4.0 International",
    "cc-by-sa-4.0": "Creative Commons Attribution Share Alike 4.0 International",
    "cc-by-nc-4.0": "Creative Commons Attribution Non Commercial 4.0 International",
    "cc0-1.0": "Creative Commons Zero v1.0 Universal",
    "mpl-2.0": "Mozilla Public License 2.0",
    "agpl-3.0": "GNU Affero General Public License v3.0",
}


def license_name(identifier: str) -> str:
    text = identifier.strip()
    return LICENSE_NAMES.get(text.lower(), text)
