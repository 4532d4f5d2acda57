"""Check-then-use (issue 24, item 8): a path is checked, then used; a local process that
swaps a folder on the way for a link in between made the server copy a file from outside
the root into the registry, read a notebook from outside, and write the pipeline files
outside. What was checked is now opened once, no link followed below the root
(``paths.Folder``), and outputs are written through the folder's descriptor.

A thread swaps ``root/work/place`` between a real folder and a link to a folder outside
the root, as fast as it can, while the registration's and the compiler's own code run
over and over for a bounded time. Nothing from outside may ever be read, and nothing may
ever be written there; an attempt that meets a swap may fail, with a 4xx.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import nbformat
import pytest

from jupyter_kubeflow.errors import KubeflowError
from jupyter_kubeflow.pipelines.service import PipelinesService
from jupyter_kubeflow.registry.service import RegistryConfig, RegistryService

SECONDS = 6.0  # per kind of attempt


class Swapper(threading.Thread):
    """Turns ``place`` into a link to ``outside`` and back into the real folder, until
    stopped (a rename, a symlink, an unlink and a rename per round)."""

    def __init__(self, place: Path, outside: Path) -> None:
        super().__init__(daemon=True)
        self.place, self.outside = place, outside
        self.aside = place.with_name(place.name + ".aside")
        self.stopped = threading.Event()
        self.rounds = 0

    def run(self) -> None:
        while not self.stopped.is_set():
            os.rename(self.place, self.aside)
            os.symlink(self.outside, self.place)
            os.unlink(self.place)
            os.rename(self.aside, self.place)
            self.rounds += 1
            time.sleep(0.0005)  # a moment as it was, so that some attempts go through

    def stop(self) -> None:
        self.stopped.set()
        self.join(10)


def notebook(step: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1", metadata={"tags": [f"step:{step}"]})]
    return nb


@pytest.fixture
def places(tmp_path: Path) -> Iterator[tuple[Path, Path, Swapper]]:
    """(root, outside) with the same files in root/work/place and outside, different
    bytes; the swapper running."""
    root, outside = tmp_path / "root", tmp_path / "outside"
    place = root / "work" / "place"
    for folder, word in ((place, "inside"), (outside, "secret")):
        folder.mkdir(parents=True)
        (folder / "model.bin").write_bytes(word.encode() * 1000)
        nbformat.write(notebook(word), folder / "nb.ipynb")
    swapper = Swapper(place, outside)
    swapper.start()
    yield root, outside, swapper
    swapper.stop()


def attempts(swapper: Swapper, attempt: Callable[[], None]) -> tuple[int, int]:
    """Run ``attempt`` for SECONDS while the links swap: (attempts, refused with a 4xx)."""
    done = refused = 0
    rounds = swapper.rounds
    deadline = time.monotonic() + SECONDS
    while time.monotonic() < deadline:
        try:
            attempt()
        except KubeflowError as e:
            assert 400 <= e.status < 500, e.message
            refused += 1
        done += 1
    assert swapper.rounds - rounds > 100, "the links hardly swapped while the attempts ran"
    return done, refused


def test_registration_never_copies_from_outside(
    places: tuple[Path, Path, Swapper], tmp_path: Path
) -> None:
    root, _, swapper = places
    service = RegistryService(RegistryConfig(str(tmp_path / "data"), str(root)))
    storage = service.registrar.storages["local"]
    copied: list[bytes] = []

    def register(path: str) -> None:
        source = service.resolve_source(path)  # what POST register checks first
        source.check()
        location = storage.upload(source, f"m/v-{uuid.uuid4().hex[:8]}", lambda n: None)
        stored = Path(location["storagePath"])
        files = [stored] if stored.is_file() else sorted(stored.rglob("*.bin"))
        copied.extend(f.read_bytes() for f in files)

    try:
        for path in ("work/place/model.bin", "work/place"):
            attempts(swapper, lambda path=path: register(path))
    finally:
        service.store.close() if service.store else None
    assert copied and all(data == b"inside" * 1000 for data in copied)


def test_compiling_never_reads_or_writes_outside(places: tuple[Path, Path, Swapper]) -> None:
    root, outside, swapper = places
    service = PipelinesService(root, root.parent / "data")
    written: list[str] = []

    def compile_once() -> None:
        full = service.resolve("work/place/nb.ipynb")  # what the route checks first
        done = service.compile_file(full, dsl=full.with_name("nb.pipeline.py"))
        # read back by name: the swapper may have made it a link to where nothing is
        with contextlib.suppress(FileNotFoundError):
            written.append(done.pipeline.read_text())

    def analyse_once() -> None:
        analysis = service.analyse_file(service.resolve("work/place/nb.ipynb"))
        assert [p.name for p in analysis.plans] == ["inside"]

    attempts(swapper, analyse_once)
    attempts(swapper, compile_once)
    assert sorted(p.name for p in outside.iterdir()) == ["model.bin", "nb.ipynb"]
    swapper.stop()
    assert written and not any("secret" in text for text in written)
    assert "secret" not in (root / "work" / "place" / "nb.pipeline.yaml").read_text()
