"""A WorkspaceKind object -> what the create form offers (options, redirects, flags)."""

from __future__ import annotations

from typing import Any


def kind_summary(obj: dict[str, Any]) -> dict[str, Any]:
    spec = obj.get("spec") or {}
    spawner = spec.get("spawner") or {}
    options = (spec.get("podTemplate") or {}).get("options") or {}
    name = (obj.get("metadata") or {}).get("name", "")
    return {
        "name": name,
        "displayName": spawner.get("displayName") or name,
        "description": spawner.get("description") or "",
        "deprecated": bool(spawner.get("deprecated", False)),
        "deprecationMessage": spawner.get("deprecationMessage") or "",
        "hidden": bool(spawner.get("hidden", False)),
        "icon": (spawner.get("icon") or {}).get("url"),
        "imageConfig": _options(options.get("imageConfig")),
        "podConfig": _options(options.get("podConfig")),
    }


def _options(section: dict[str, Any] | None) -> dict[str, Any]:
    section = section or {}
    values = []
    for value in section.get("values") or []:
        spawner = value.get("spawner") or {}
        redirect = value.get("redirect")
        values.append(
            {
                "id": value.get("id", ""),
                "displayName": spawner.get("displayName") or value.get("id", ""),
                "description": spawner.get("description") or "",
                "hidden": bool(spawner.get("hidden", False)),
                "redirect": (
                    {
                        "to": redirect.get("to", ""),
                        "message": (redirect.get("message") or {}).get("text", "").strip(),
                    }
                    if redirect
                    else None
                ),
                "labels": [
                    {"key": label.get("key", ""), "value": label.get("value", "")}
                    for label in spawner.get("labels") or []
                ],
            }
        )
    return {"default": (section.get("spawner") or {}).get("default", ""), "options": values}


def option_ids(kind: dict[str, Any], which: str) -> set[str]:
    """The option ids a summarized kind offers for ``imageConfig`` or ``podConfig``."""
    return {o["id"] for o in kind[which]["options"]}
