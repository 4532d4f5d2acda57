"""Model registry: the embedded registry (store + REST API), a client of any registry,
register (storage) and deploy."""
