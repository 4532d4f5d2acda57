"""The model catalog: Kubeflow Hub's ``/api/model_catalog/v1``.

- ``sources.py``: Hub's sources file (``model_catalogs:``) and catalog files (``source:``,
  ``models:``), read strictly; each problem names its file and entry.
- ``loader.py``: the configured sources, re-read when a file changes.
- ``index.py``: the loaded models in an in-memory SQLite index (search, filters, sorting,
  paging); ``filters.py`` compiles ``filterQuery`` for it.
- ``rest_api.py``: the catalog REST API over the index, free of any web framework.
- ``service.py``: what the frontend asks of a catalog, embedded or a real Hub's.
- ``register.py``: registering a catalog model into the registry, recording its source.
"""
