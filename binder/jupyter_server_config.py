# Binder has no cluster: the embedded registry and local pipeline runs work as on a laptop.
c.ServerApp.default_url = "/lab/tree/binder/demo.ipynb"  # noqa: F821
