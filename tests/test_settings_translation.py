"""The settings schemas translate as JupyterLab translates them: the Settings Editor shows
what the server's ``GET /lab/api/settings`` answers, and jupyterlab_server's handler passes
each schema through ``translator.translate_schema``, which loads the gettext domain the
schema names in ``jupyter.lab.internationalization`` from the language pack of the lab's
locale and translates its titles and descriptions with ``pgettext`` (context ``schema``
for the schema's own, ``settings`` for each setting's). A language pack is a Python
package ``jupyterlab_language_pack_<locale>`` with ``locale/<locale>/LC_MESSAGES/
<domain>.mo``; here one is written for the test (the one stand-in: no pack is installed)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from jupyterlab_server.settings_utils import get_settings
from jupyterlab_server.translation_utils import translator

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "labextension" / "schema"
EXTENSION = "jupyter-kubeflow"
DOMAIN = "jupyter_kubeflow"
LOCALE = "fr_FR"
PLUGINS = sorted(path.stem for path in SCHEMA_DIR.glob("*.json"))


def schema_of(plugin: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / f"{plugin}.json").read_text())


def translatable(schema: dict[str, Any]) -> list[tuple[str, str]]:
    """(context, text) of what JupyterLab's default selectors translate in a schema."""
    found = [("schema", schema["title"]), ("schema", schema["description"])]
    for prop in schema["properties"].values():
        found += [("settings", prop["title"]), ("settings", prop["description"])]
    return found


@pytest.fixture
def language_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A language pack for fr_FR whose jupyter_kubeflow domain marks every schema
    string (``«…»``), and the lab's locale set to it; English again afterwards."""
    package = tmp_path / f"jupyterlab_language_pack_{LOCALE}"
    messages = package / "locale" / LOCALE / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    catalog = Catalog(locale=LOCALE, domain=DOMAIN)
    for plugin in PLUGINS:
        for context, text in translatable(schema_of(plugin)):
            catalog.add(text, f"«{text}»", context=context)
    with (messages / f"{DOMAIN}.mo").open("wb") as out:
        write_mo(out, catalog)
    monkeypatch.syspath_prepend(str(tmp_path))
    translator.set_locale(LOCALE)
    try:
        yield
    finally:
        translator.set_locale("en")
        sys.modules.pop(package.name, None)


@pytest.mark.parametrize("plugin", PLUGINS)
def test_the_settings_editor_gets_each_title_and_description_in_the_domain_s_language(
    tmp_path: Path, language_pack: None, plugin: str
) -> None:
    schemas = tmp_path / "schemas"
    schemas.mkdir()
    (schemas / EXTENSION).symlink_to(SCHEMA_DIR, target_is_directory=True)
    # what the settings handler answers the Settings Editor
    result, _ = get_settings(
        "",
        str(schemas),
        str(tmp_path / "settings"),
        f"{EXTENSION}:{plugin}",
        overrides={},
        translator=translator.translate_schema,
    )
    schema = result["schema"]
    assert schema["title"] == f"«{schema_of(plugin)['title']}»"
    assert schema["description"].startswith("«")
    for name, prop in schema["properties"].items():
        original = schema_of(plugin)["properties"][name]
        assert prop["title"] == f"«{original['title']}»", name
        assert prop["description"] == f"«{original['description']}»", name
        # values are not words to translate: a choice keeps its value and default
        assert prop.get("enum") == original.get("enum"), name
        assert prop["default"] == original["default"], name


def test_without_the_domain_the_strings_would_be_looked_up_in_jupyterlab_s() -> None:
    """Why each schema names its domain: jupyterlab_server falls back to "jupyterlab"."""
    from jupyterlab_server.translation_utils import DEFAULT_DOMAIN, _lab_i18n_config

    assert DEFAULT_DOMAIN == "jupyterlab"
    for plugin in PLUGINS:
        assert schema_of(plugin)[_lab_i18n_config] == {"domain": DOMAIN}, plugin
