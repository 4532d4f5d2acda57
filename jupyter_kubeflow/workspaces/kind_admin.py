"""The Workspace kinds view: every WorkspaceKind with its images, pod configs (resources)
and ports, the workspaces of each kind and their GPUs; and, for those RBAC allows,
creating, replacing and deleting a kind (upstream's backend: ``POST /workspacekinds``
from YAML, its frontend's kind editor; the Notebooks 2.0 UI's kind summary counts GPUs
from the pod config, "in use" for running workspaces, idle GPU workspaces for the others).

Free of HTTP; blocking calls (run them in a thread); the user's own credentials, so
Kubernetes RBAC decides (WorkspaceKinds are cluster-scoped). Who may do what is asked of
the API server (SelfSubjectAccessReview) and said before anything is tried."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kubernetes import client
from kubernetes.client.rest import ApiException

from ..errors import Conflict, NotFound, Unprocessable
from .access import AccessReviewer
from .items import phase_of
from .kind_yaml import field_line, kind_yaml, parse_kind_yaml
from .kinds import KindIndex, gpu_count, kind_summary, option_value
from .kube import (
    GROUP,
    REQUEST_TIMEOUT,
    VERSION,
    WORKSPACEKINDS,
    WORKSPACES,
    ConnectionHolder,
    _status_body,
    api_error,
)
from .validate import check_name

PAGE = 500  # workspaces read per list request when counting usage
MAX_SCANNED = 200_000  # a bound on the workspaces counted (far beyond a large cluster)
SAMPLE = 50  # workspaces listed per kind (the counts cover all of them)
IN_USE_SHOWN = 5  # workspaces named when a delete is refused


def _spawner(value: dict[str, Any]) -> dict[str, Any]:
    return value.get("spawner") or {}


def _redirect(value: dict[str, Any]) -> dict[str, Any] | None:
    redirect = value.get("redirect")
    if not redirect:
        return None
    message = redirect.get("message") or {}
    return {
        "to": redirect.get("to", ""),
        "message": (message.get("text") or "").strip(),
        "level": message.get("level") or "Info",
    }


def _labels(value: dict[str, Any]) -> list[dict[str, str]]:
    return [
        {"key": label.get("key", ""), "value": label.get("value", "")}
        for label in _spawner(value).get("labels") or []
    ]


def kind_overview(obj: dict[str, Any]) -> dict[str, Any]:
    """A kind as the kinds view shows it: its summary, ports, images (image and ports per
    option), pod configs (requests, limits, GPUs) and the controller's workspace count."""
    spec = obj.get("spec") or {}
    template = spec.get("podTemplate") or {}
    options = template.get("options") or {}
    kind_ports = {p.get("id"): p for p in template.get("ports") or []}
    summary = kind_summary(obj)
    images = []
    for value in (options.get("imageConfig") or {}).get("values") or []:
        image_spec = value.get("spec") or {}
        images.append(
            {
                "id": value.get("id", ""),
                "displayName": _spawner(value).get("displayName") or value.get("id", ""),
                "description": _spawner(value).get("description") or "",
                "hidden": bool(_spawner(value).get("hidden", False)),
                "image": image_spec.get("image", ""),
                "ports": [
                    {
                        "id": port.get("id", ""),
                        "port": port.get("port"),
                        "displayName": port.get("displayName")
                        or (kind_ports.get(port.get("id")) or {}).get("defaultDisplayName")
                        or port.get("id", ""),
                    }
                    for port in image_spec.get("ports") or []
                ],
                "redirect": _redirect(value),
                "labels": _labels(value),
            }
        )
    pod_configs = []
    for value in (options.get("podConfig") or {}).get("values") or []:
        resources = (value.get("spec") or {}).get("resources") or {}
        pod_configs.append(
            {
                "id": value.get("id", ""),
                "displayName": _spawner(value).get("displayName") or value.get("id", ""),
                "description": _spawner(value).get("description") or "",
                "hidden": bool(_spawner(value).get("hidden", False)),
                "requests": dict(resources.get("requests") or {}),
                "limits": dict(resources.get("limits") or {}),
                "gpus": gpu_count(resources),
                "redirect": _redirect(value),
                "labels": _labels(value),
            }
        )
    status = obj.get("status") or {}
    return {
        **{k: summary[k] for k in ("name", "displayName", "description", "deprecated")},
        "deprecationMessage": summary["deprecationMessage"],
        "hidden": summary["hidden"],
        "icon": summary["icon"],
        "ports": [
            {
                "id": p.get("id", ""),
                "displayName": p.get("defaultDisplayName") or p.get("id", ""),
                "protocol": p.get("protocol") or "HTTP",
            }
            for p in template.get("ports") or []
        ],
        "defaults": {
            "imageConfig": summary["imageConfig"]["default"],
            "podConfig": summary["podConfig"]["default"],
        },
        "images": images,
        "podConfigs": pod_configs,
        "controllerCount": status.get("workspaces"),  # the controller's count (cluster)
        "resourceVersion": (obj.get("metadata") or {}).get("resourceVersion", ""),
        "created": (obj.get("metadata") or {}).get("creationTimestamp", ""),
    }


def empty_usage() -> dict[str, Any]:
    return {
        "workspaces": 0,
        "running": 0,
        "byPhase": {},
        "gpusInUse": 0,
        "gpusRequested": 0,
        "idleGpuWorkspaces": 0,
        "sample": [],
    }


def count_usage(
    workspaces: Iterator[dict[str, Any]], kinds: dict[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Per kind: how many workspaces, by phase; GPUs of running ones (in use), of all
    (requested), and the GPU workspaces not running (idle, as the Notebooks 2.0 UI counts
    them); a sample of the workspaces. GPUs come from each one's pod config."""
    usage: dict[str, dict[str, Any]] = {}
    for obj in workspaces:
        spec, status = obj.get("spec") or {}, obj.get("status") or {}
        kind_name = spec.get("kind", "")
        entry = usage.setdefault(kind_name, empty_usage())
        pod_config = ((spec.get("podTemplate") or {}).get("options") or {}).get("podConfig", "")
        value = option_value(kinds.get(kind_name), "podConfig", pod_config or "")
        gpus = gpu_count((value.get("spec") or {}).get("resources") or {})
        phase = phase_of(status.get("state") or "Unknown", bool(spec.get("paused", False)))
        entry["workspaces"] += 1
        entry["byPhase"][phase] = entry["byPhase"].get(phase, 0) + 1
        entry["gpusRequested"] += gpus
        if phase == "Running":
            entry["running"] += 1
            entry["gpusInUse"] += gpus
        elif gpus:
            entry["idleGpuWorkspaces"] += 1
        if len(entry["sample"]) < SAMPLE:
            meta = obj.get("metadata") or {}
            entry["sample"].append(
                {
                    "namespace": meta.get("namespace", ""),
                    "name": meta.get("name", ""),
                    "phase": phase,
                    "podConfig": pod_config,
                    "gpus": gpus,
                }
            )
    return usage


class KindAdmin:
    def __init__(self, connection: ConnectionHolder, index: KindIndex) -> None:
        self._connection = connection
        self._index = index  # refreshed after each write, so items see the change
        self.access = AccessReviewer(connection, resource=WORKSPACEKINDS, what="workspace kinds")

    def _api(self) -> client.CustomObjectsApi:
        return client.CustomObjectsApi(self._connection.get().api)

    # ---- reading ---------------------------------------------------------------------
    def _objects(self) -> list[dict[str, Any]]:
        try:
            listing = self._api().list_cluster_custom_object(
                GROUP, VERSION, WORKSPACEKINDS, _request_timeout=REQUEST_TIMEOUT
            )
        except Exception as e:
            raise api_error(e, "list", "workspace kinds", None) from None
        objects = listing.get("items") or []
        self._index.set(objects)
        return objects

    def _all_workspaces(self) -> Iterator[dict[str, Any]]:
        """Every workspace of the cluster, a page at a time (the user's own rights: a 403
        is raised as such)."""
        token, scanned = None, 0
        while scanned < MAX_SCANNED:
            page = self._api().list_cluster_custom_object(
                GROUP, VERSION, WORKSPACES, limit=PAGE, _continue=token,
                _request_timeout=REQUEST_TIMEOUT,
            )  # fmt: skip
            items = page.get("items") or []
            scanned += len(items)
            yield from items
            token = (page.get("metadata") or {}).get("continue")
            if not token:
                return

    def overview(self) -> dict[str, Any]:
        """``{items, permissions, usageError}``: each kind with its usage."""
        objects = self._objects()
        by_name = {(o.get("metadata") or {}).get("name", ""): o for o in objects}
        usage_error = None
        try:
            usage = count_usage(self._all_workspaces(), by_name)
        except ApiException as e:
            if e.status != 403:
                raise api_error(e, "list", "workspaces", None) from None
            usage = None
            usage_error = (
                "You may not list workspaces in all namespaces: only the controller's count "
                "of each kind's workspaces is shown"
            )
        except Exception as e:
            raise api_error(e, "list", "workspaces", None) from None
        items = []
        for obj in sorted(objects, key=lambda o: (o.get("metadata") or {}).get("name", "")):
            entry = kind_overview(obj)
            entry["usage"] = None if usage is None else usage.get(entry["name"], empty_usage())
            items.append(entry)
        return {
            "items": items,
            "permissions": self.access.permissions(""),
            "usageError": usage_error,
        }

    def get(self, name: str) -> dict[str, Any]:
        check_name(name, "name")
        obj = self._read(name)
        return {"item": kind_overview(obj), "yaml": kind_yaml(obj)}

    def _read(self, name: str) -> dict[str, Any]:
        try:
            return self._api().get_cluster_custom_object(
                GROUP, VERSION, WORKSPACEKINDS, name, _request_timeout=REQUEST_TIMEOUT
            )
        except ApiException as e:
            if e.status == 404:
                raise NotFound(f"There is no workspace kind {name!r}") from None
            raise api_error(e, "get", "workspace kinds", None) from None
        except Exception as e:
            raise api_error(e, "get", "workspace kinds", None) from None

    # ---- writing ---------------------------------------------------------------------
    def create(self, body: dict[str, Any], dry_run: bool) -> dict[str, Any]:
        text = _yaml_of(body)
        obj = parse_kind_yaml(text)
        name = obj["metadata"]["name"]
        obj["metadata"].pop("resourceVersion", None)
        try:
            created = self._api().create_cluster_custom_object(
                GROUP, VERSION, WORKSPACEKINDS, obj,
                dry_run="All" if dry_run else None, _request_timeout=REQUEST_TIMEOUT,
            )  # fmt: skip
        except ApiException as e:
            if e.status == 409:
                raise Conflict(
                    f"A workspace kind named {name!r} already exists",
                    field="metadata.name",
                    details={"line": field_line(text, "metadata.name")},
                ) from None
            raise refusal(e, text, "create") from None
        except Exception as e:
            raise api_error(e, "create", "workspace kinds", None) from None
        if not dry_run:
            self._objects()
        return {"item": kind_overview(created), "yaml": kind_yaml(created), "dryRun": dry_run}

    def replace(self, name: str, body: dict[str, Any], dry_run: bool) -> dict[str, Any]:
        check_name(name, "name")
        text = _yaml_of(body)
        obj = parse_kind_yaml(text)
        if obj["metadata"]["name"] != name:
            raise Unprocessable(
                f"metadata.name {obj['metadata']['name']!r} is not {name!r}: a kind cannot be "
                "renamed (create one under the new name)",
                field="metadata.name",
                details={"line": field_line(text, "metadata.name")},
            )
        if not obj["metadata"].get("resourceVersion"):
            # Without it the write would overwrite whatever changed meanwhile.
            obj["metadata"]["resourceVersion"] = self._read(name)["metadata"]["resourceVersion"]
        try:
            replaced = self._api().replace_cluster_custom_object(
                GROUP, VERSION, WORKSPACEKINDS, name, obj,
                dry_run="All" if dry_run else None, _request_timeout=REQUEST_TIMEOUT,
            )  # fmt: skip
        except ApiException as e:
            if e.status == 409:
                raise Conflict(
                    f"Workspace kind {name!r} was changed since this text was read: reload "
                    "it, then make the change again",
                    details={"line": field_line(text, "metadata.resourceVersion")},
                ) from None
            if e.status == 404:
                raise NotFound(f"There is no workspace kind {name!r}") from None
            raise refusal(e, text, "update") from None
        except Exception as e:
            raise api_error(e, "update", "workspace kinds", None) from None
        if not dry_run:
            self._objects()
        return {"item": kind_overview(replaced), "yaml": kind_yaml(replaced), "dryRun": dry_run}

    def delete(self, name: str) -> None:
        """Refused (409, naming them) while workspaces use the kind, when the user may
        list them; otherwise the API server and the controller's webhook decide."""
        check_name(name, "name")
        self._read(name)
        try:
            users = [
                f"{(w.get('metadata') or {}).get('namespace')}/{w['metadata']['name']}"
                for w in self._all_workspaces()
                if (w.get("spec") or {}).get("kind") == name
            ]
        except ApiException as e:
            if e.status != 403:
                raise api_error(e, "list", "workspaces", None) from None
            users = []  # may not list them all: the cluster decides
        except Exception as e:
            raise api_error(e, "list", "workspaces", None) from None
        if users:
            shown = ", ".join(users[:IN_USE_SHOWN])
            more = f" and {len(users) - IN_USE_SHOWN} more" if len(users) > IN_USE_SHOWN else ""
            raise Conflict(
                f"Workspace kind {name!r} is used by {len(users)} workspace"
                f"{'' if len(users) == 1 else 's'} ({shown}{more}): delete them first",
                details={"workspaces": users[:SAMPLE], "count": len(users)},
            )
        try:
            self._api().delete_cluster_custom_object(
                GROUP, VERSION, WORKSPACEKINDS, name, _request_timeout=REQUEST_TIMEOUT
            )
        except ApiException as e:
            if e.status == 404:
                raise NotFound(f"There is no workspace kind {name!r}") from None
            raise refusal(e, "", "delete") from None
        except Exception as e:
            raise api_error(e, "delete", "workspace kinds", None) from None
        self._objects()


def _yaml_of(body: dict[str, Any]) -> Any:
    unknown = set(body) - {"yaml"}
    if unknown:
        first = sorted(unknown)[0]
        raise Unprocessable(f"Unknown field {first!r}; send {{'yaml': text}}", field=first)
    return body.get("yaml")


def refusal(error: ApiException, text: str, verb: str) -> Exception:
    """The API server's (or an admission webhook's) refusal, each cause at its line."""
    mapped = api_error(error, verb, "workspace kinds", None)
    if not isinstance(mapped, Unprocessable):
        return mapped
    causes = (_status_body(error).get("details") or {}).get("causes") or []
    errors = [
        {
            "field": cause.get("field") or "",
            "message": cause.get("message") or cause.get("reason") or "",
            "line": field_line(text, cause.get("field")),
        }
        for cause in causes
    ]
    mapped.details = {
        "errors": errors,
        "line": next((e["line"] for e in errors if e["line"]), None),
    }
    return mapped
