"""The workspaces service: what the routes call. Free of HTTP; blocking Kubernetes calls
run in worker threads; errors are KubeflowErrors with the status the user should see."""

from __future__ import annotations

import asyncio
import copy
import json
import socket
import threading
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from kubernetes import client
from kubernetes.client.rest import ApiException

from ..errors import Conflict, InvalidInput, KubeflowError, NotFound, Unprocessable
from .access import AccessReviewer
from .all_namespaces import AllNamespaces, MultiNamespaceView, loading_of
from .cache import NamespaceCache, Subscriber, WorkspaceCache
from .details import DetailsReader, stamp, stamped
from .edits import in_patch_terms, workspace_edit
from .filter_rules import check_spec_allowed, guard_edit, kind_summaries, namespace_labels
from .items import ItemBuilder
from .kind_admin import KindAdmin
from .kinds import KindIndex, kind_summary
from .kube import (
    CONNECT_HINT,
    GROUP,
    REQUEST_TIMEOUT,
    VERSION,
    WORKSPACEKINDS,
    WORKSPACES,
    Connection,
    ConnectionHolder,
    NotConfigured,
    api_error,
    current_workspace_from_env,
)
from .logs import LogReader, parse_log_query
from .mount_rules import Mountable, can_mount, check_mounts, metadata_items, mountable_objects
from .mounts import check_mount_paths
from .pausing import action_body, set_paused
from .query import parse_query
from .restarts import Restarts, check_restartable, choose_updates
from .secrets import SecretService
from .validate import check_namespace, check_path_name, check_schema, check_workspace
from .views import Permissions, RowSource, ViewRegistry, WindowView, window_json
from .volumes import VolumeService

CONFLICT_RETRIES = 8
TIMEOUT = REQUEST_TIMEOUT


class WorkspacesService:
    def __init__(
        self,
        kubeconfig: str,
        context: str,
        url_template: str,
        connection: ConnectionHolder | None = None,
    ) -> None:
        # The server shares one holder between its capabilities (kube_connection.py).
        self.connection = connection or ConnectionHolder(kubeconfig, context)
        self.current = current_workspace_from_env()
        self.kinds = KindIndex(self._kind_objects)
        self.items = ItemBuilder(url_template, self.current, socket.gethostname(), self.kinds)
        self.cache = WorkspaceCache(
            self.connection, self.items.item, describe=self.items.redescribe, kinds=self.kinds
        )
        self.access = AccessReviewer(self.connection)
        # Volumes and secrets pages (volumes.py, secrets.py), same credentials.
        self.volume_service = VolumeService(self.connection, self.kinds.get)
        self.secret_service = SecretService(self.connection, self.kinds.get)
        self.all_namespaces = AllNamespaces(self.connection, self.access, self.cache)
        self.views = ViewRegistry()
        self._warming = threading.Lock()  # one warm-up of all namespaces at a time
        self.logs = LogReader(self.connection, self._get)
        self.details = DetailsReader(self.connection, self._get, self.kinds.get)
        self.kind_admin = KindAdmin(self.connection, self.kinds)  # the kinds view
        self.restarts = Restarts(lambda: self._conn().api, self._resume)
        self.items.restarts = self.restarts.pending

    async def aclose(self) -> None:
        await self.restarts.aclose()
        self.cache.close()
        await asyncio.to_thread(self.connection.close)

    # ---- status and discovery ----------------------------------------------------------
    async def status(self) -> dict[str, Any]:
        return await asyncio.to_thread(self._status)

    def _status(self) -> dict[str, Any]:
        current = {"namespace": self.current[0], "name": self.current[1]} if self.current else None
        body: dict[str, Any] = {
            "connected": False,
            "server": "",
            "context": None,
            "namespace": "default",
            "error": None,
            "currentWorkspace": current,
        }
        try:
            conn = self.connection.get()
            body.update(server=conn.server, context=conn.context, namespace=conn.namespace)
            client.VersionApi(conn.api).get_code(_request_timeout=REQUEST_TIMEOUT)
            body["connected"] = True
        except NotConfigured as e:
            body.update(error=e.reason, hint=CONNECT_HINT)
        except KubeflowError as e:
            body.update(error=e.message, hint=CONNECT_HINT)
        except Exception as e:
            body.update(error=api_error(e, "get", "the version", None).message, hint=CONNECT_HINT)
        return body

    async def namespaces(self) -> dict[str, Any]:
        """The namespaces the picker offers. The sidebar asks this when it connects: a user
        who may list namespaces may be allowed all of them, so the cluster-wide watch
        starts filling now (in the background) if the access reviews allow it."""
        answer = await asyncio.to_thread(self._namespaces)
        if answer["canList"] and not self._warming.locked():
            asyncio.get_running_loop().run_in_executor(None, self._warm_all)
        return answer

    def _warm_all(self) -> None:
        with self._warming:
            self.all_namespaces.warm()

    def _namespaces(self) -> dict[str, Any]:
        conn = self._conn()
        try:
            listing = client.CoreV1Api(conn.api).list_namespace(_request_timeout=REQUEST_TIMEOUT)
        except ApiException as e:
            if e.status == 403:  # may not list namespaces: offer the kubeconfig's one
                return {"namespaces": [conn.namespace], "current": conn.namespace, "canList": False}
            raise api_error(e, "list", "namespaces", None) from None
        except Exception as e:
            raise api_error(e, "list", "namespaces", None) from None
        names = sorted(ns.metadata.name for ns in listing.items)
        return {"namespaces": names, "current": conn.namespace, "canList": True}

    async def workspace_kinds(self, namespace: str | None = None) -> list[dict[str, Any]]:
        """The kinds with their filter rules' verdicts for ``namespace`` (filter_rules.py)."""
        namespace = check_namespace(namespace) if namespace else None
        return await asyncio.to_thread(self._kinds_for, namespace)

    async def kinds_overview(self) -> dict[str, Any]:
        """The kinds view: each kind with images, pod configs, ports and usage."""
        return await asyncio.to_thread(self.kind_admin.overview)

    async def workspace_kind(self, name: str) -> dict[str, Any]:
        return await asyncio.to_thread(self.kind_admin.get, name)

    async def create_kind(self, body: dict[str, Any], dry_run: bool) -> dict[str, Any]:
        return await asyncio.to_thread(self.kind_admin.create, body, dry_run)

    async def replace_kind(self, name: str, body: dict[str, Any], dry_run: bool) -> dict:
        return await asyncio.to_thread(self.kind_admin.replace, name, body, dry_run)

    async def delete_kind(self, name: str) -> None:
        await asyncio.to_thread(self.kind_admin.delete, name)

    def _kinds_for(self, namespace: str | None) -> list[dict[str, Any]]:
        objects = self._kind_objects()
        self.kinds.set(objects)
        labels = namespace_labels(self._conn().api, namespace) if namespace else None
        return kind_summaries(objects, labels)

    def _kinds(self) -> list[dict[str, Any]]:
        objects = self._kind_objects()
        self.kinds.set(objects)
        return sorted((kind_summary(o) for o in objects), key=lambda k: k["name"])

    def _kind_objects(self) -> list[dict[str, Any]]:
        api = client.CustomObjectsApi(self._conn().api)
        try:
            listing = api.list_cluster_custom_object(
                GROUP, VERSION, WORKSPACEKINDS, _request_timeout=REQUEST_TIMEOUT
            )
        except Exception as e:
            raise api_error(e, "list", "workspace kinds", None) from None
        return listing["items"]

    async def pvcs(self, namespace: str) -> list[dict[str, Any]]:
        return await asyncio.to_thread(self._pvcs, check_namespace(namespace))

    def _pvcs(self, namespace: str) -> list[dict[str, Any]]:
        core = client.CoreV1Api(self._conn().api)
        try:
            listing = core.list_namespaced_persistent_volume_claim(
                namespace, _request_timeout=REQUEST_TIMEOUT
            )
        except Exception as e:
            raise api_error(e, "list", "persistent volume claims", namespace) from None
        return [
            {
                "name": pvc.metadata.name,
                "canMount": can_mount(pvc.metadata.labels),  # upstream's mount rule
                "storage": ((pvc.spec.resources and pvc.spec.resources.requests) or {}).get(
                    "storage"
                ),
                "accessModes": list(pvc.spec.access_modes or []),
            }
            for pvc in listing.items
        ]

    async def secrets(self, namespace: str) -> list[dict[str, Any]]:
        return await asyncio.to_thread(self._secrets, check_namespace(namespace))

    def _secrets(self, namespace: str) -> list[dict[str, Any]]:
        try:
            # Only names leave this process: metadata-only listing never fetches the data.
            items = metadata_items(self._conn().api, namespace, "secrets")
        except Exception as e:
            raise api_error(e, "list", "secrets", namespace) from None
        return [
            {"name": s["metadata"]["name"], "canMount": can_mount(s["metadata"].get("labels"))}
            for s in items
        ]

    # ---- workspaces --------------------------------------------------------------------
    def watched(self, namespace: str) -> NamespaceCache:
        return self.cache.namespace(check_namespace(namespace))

    async def list_workspaces(self, namespace: str) -> dict[str, Any]:
        return json.loads(await self.list_workspaces_json(namespace))

    async def list_workspaces_json(self, namespace: str) -> str:
        """``{"items": [...], "permissions": {...}}`` as JSON, straight from the cache."""
        items = await self.watched(namespace).items_json()
        permissions = await asyncio.to_thread(self.access.permissions, namespace)
        return f'{{"items": {items}, "permissions": {json.dumps(permissions)}}}'

    def subscribe(self, namespace: str) -> tuple[NamespaceCache, Subscriber]:
        cache = self.watched(namespace)
        return cache, cache.subscribe()

    async def list_all_workspaces_json(self) -> str:
        """Every namespace the user may list workspaces in, as one list (all_namespaces.py)."""
        return await self.all_namespaces.list_json()

    # ---- the table: queries over the cache, live windows (query.py, views.py) -----------
    async def _source(
        self, namespace: str | None
    ) -> tuple[RowSource, Permissions, dict[str, Any], str]:
        """Where a query reads (one namespace, or all the user may list), how it learns
        the permissions of the namespaces it shows, what all namespaces left out, and the
        namespace "+ New" creates in (the one shown, or the kubeconfig context's)."""
        if namespace is None:
            source, left_out = await self.all_namespaces.source()
            own = (await asyncio.to_thread(self._conn)).namespace
            return source, self.all_namespaces.permissions, left_out, own
        cache = self.watched(namespace)
        permissions = self.all_namespaces.permissions  # cached reviews, asked in parallel
        return cache, permissions, {}, namespace

    async def query_json(self, namespace: str | None, params: Mapping[str, Any]) -> str:
        """One page of the workspaces a query selects: ``{total, offset, items}``, with the
        namespace's permissions, or (all namespaces) what was left out."""
        query = parse_query(params)
        source, permissions, left_out, _ = await self._source(namespace)
        # asked before the rows (None: the rows read are the whole list), and after
        # them for the progress they show
        progress = self._loading(source, namespace)
        before = progress()
        order = query.order(await source.rows())
        loading = before and (progress() or before)
        if namespace is not None:
            left_out = {"permissions": await asyncio.to_thread(permissions, [namespace])}
        if loading is not None:  # the rows read so far of a first list still coming in
            left_out = {**left_out, "loading": loading}
        return window_json(source, order, query, left_out)

    async def open_view(self, namespace: str | None, params: Mapping[str, Any]) -> WindowView:
        """A live window of a query for one table (close it with ``close_view``)."""
        query = parse_query(params)
        source, permissions, left_out, own = await self._source(namespace)
        view = WindowView(
            source, query, permissions, left_out, [own], self._loading(source, namespace)
        )
        self.views.add(view)
        return view

    def _loading(
        self, source: RowSource, namespace: str | None
    ) -> Callable[[], dict[str, Any] | None]:
        """What the rows of a view still lack while first lists come in (a window says it)."""
        if namespace is None:
            return lambda: self.all_namespaces.loading(source)  # type: ignore[arg-type]
        return lambda: loading_of(source, [namespace])  # type: ignore[arg-type]

    def update_view(self, view_id: str, params: Mapping[str, Any]) -> None:
        """Another query or window for an open table, answered on its stream."""
        params = dict(params)
        seq = params.pop("seq", 0)
        if isinstance(seq, bool) or not isinstance(seq, int) or not 0 <= seq < 2**31:
            raise InvalidInput("seq: must be a whole number from 0 to 2147483647", field="seq")
        self.views.get(view_id).update(seq, parse_query(params))

    def close_view(self, view: WindowView) -> None:
        self.views.remove(view)

    async def open_stream(
        self, namespace: str | None
    ) -> tuple[NamespaceCache | MultiNamespaceView, Subscriber]:
        """The watch behind an event stream: one namespace, or (None) all the user may list."""
        if namespace is None:
            return await self.all_namespaces.subscribe()
        return self.subscribe(namespace)

    async def workspace_logs(
        self,
        namespace: str,
        name: str,
        container: str,
        tail_lines: str,
        follow: str,
        since_seconds: str = "",
        previous: str = "",
    ) -> Any:
        """The last lines (a dict), or with follow an async iterator of log events."""
        check_namespace(namespace)
        check_path_name(name)
        query = parse_log_query(container, tail_lines, follow, since_seconds, previous)
        if query.follow:
            return await self.logs.follow(namespace, name, query)
        return await self.logs.tail(namespace, name, query)

    async def workspace_details(self, namespace: str, name: str) -> dict[str, Any]:
        """Pod, mounts, pod metadata and audit of one workspace (details.py)."""
        check_namespace(namespace)
        return await self.details.details(namespace, check_path_name(name))

    async def get_workspace(self, namespace: str, name: str) -> dict[str, Any]:
        check_namespace(namespace)
        obj = await asyncio.to_thread(self._get, namespace, check_path_name(name))
        manifest = copy.deepcopy(obj)
        manifest.get("metadata", {}).pop("managedFields", None)
        return {"item": self.items.item(obj), "manifest": manifest}

    async def create_workspace(self, namespace: str, manifest: dict[str, Any]) -> dict[str, Any]:
        check_namespace(namespace)
        return await asyncio.to_thread(self._create, namespace, manifest)

    def _create(self, namespace: str, manifest: dict[str, Any]) -> dict[str, Any]:
        body = copy.deepcopy(manifest)
        body.pop("status", None)
        body.setdefault("apiVersion", f"{GROUP}/{VERSION}")
        body.setdefault("kind", "Workspace")
        if body["apiVersion"] != f"{GROUP}/{VERSION}" or body["kind"] != "Workspace":
            raise Unprocessable(
                f"Only {GROUP}/{VERSION} Workspace objects can be created here", field="kind"
            )
        metadata = body.get("metadata")
        if isinstance(metadata, dict):
            if metadata.get("namespace") not in (None, namespace):
                raise Unprocessable(
                    f"metadata.namespace {metadata['namespace']!r} differs from {namespace!r}",
                    field="metadata.namespace",
                )
            metadata["namespace"] = namespace
        check_workspace(body, self._kinds_by_name())
        check_mount_paths(body["spec"], self.kinds.get(body["spec"]["kind"]))
        check_spec_allowed(self._conn().api, namespace, body["spec"], self.kinds.get)
        # Then, as upstream's backend, what does not exist or may not be mounted (the API
        # server would take it, and the pod would wait for it forever).
        check_mounts(namespace, body["spec"], partial(self._mountable, namespace))
        stamp(body["metadata"], self.details.identity.name(), created=True)  # who, as upstream
        api = client.CustomObjectsApi(self._conn().api)
        try:
            created = api.create_namespaced_custom_object(
                GROUP, VERSION, namespace, WORKSPACES, body, _request_timeout=REQUEST_TIMEOUT
            )
        except ApiException as e:
            if e.status == 409:
                name = body["metadata"]["name"]
                raise Conflict(
                    f"A workspace named {name!r} already exists in {namespace}",
                    field="metadata.name",
                ) from None
            raise api_error(e, "create", "workspaces", namespace) from None
        except Exception as e:
            raise api_error(e, "create", "workspaces", namespace) from None
        return self.items.item(created)

    async def update_workspace(
        self, namespace: str, name: str, changes: dict[str, Any]
    ) -> dict[str, Any]:
        check_namespace(namespace)
        check_path_name(name)
        mutate = workspace_edit(changes, self._kinds_by_name)
        mutate = guard_edit(mutate, changes, namespace, lambda: self._conn().api, self.kinds.get)
        mutate = stamped(mutate, self.details.identity)  # updated-by/-at, as upstream
        try:
            return await asyncio.to_thread(self._update, namespace, name, mutate)
        except Unprocessable as e:  # named as the PATCH body names it
            raise in_patch_terms(e, changes) from None

    async def set_paused(
        self, namespace: str, name: str, paused: bool, body: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Pause or resume, refused (409) in the wrong state as upstream's backend does;
        ``{"applyUpdates": true}`` also chooses the kind's pending redirects in the same
        write ("Update and stop", "Update and start")."""
        check_namespace(namespace)
        check_path_name(name)
        updates = action_body(body)
        obj = await asyncio.to_thread(self._set_paused, namespace, name, paused, updates)
        return self.items.item(obj)

    def _set_paused(self, namespace: str, name: str, paused: bool, updates: bool) -> dict[str, Any]:
        api = client.CustomObjectsApi(self._conn().api)
        also = self._updates(namespace) if updates else None
        return set_paused(api, namespace, name, paused, self._get, also)

    def _updates(self, namespace: str) -> Callable[[dict[str, Any]], None]:
        choose = choose_updates(self.kinds.get, lambda: self._conn().api, namespace)
        return stamped(choose, self.details.identity)  # updated-by/-at, as an edit

    async def restart_workspace(
        self, namespace: str, name: str, body: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Pause now, resume once the controller reports Paused (restarts.py): what makes a
        change reach a pod the StatefulSet controller leaves alone (Pending or Error)."""
        check_namespace(namespace)
        check_path_name(name)
        updates = action_body(body)
        check_restartable(await asyncio.to_thread(self._get, namespace, name))
        self.restarts.begin(namespace, name)
        try:
            obj = await asyncio.to_thread(self._set_paused, namespace, name, True, updates)
        except BaseException:
            self.restarts.abandon(namespace, name)
            raise
        self.restarts.follow(namespace, name, obj["metadata"]["resourceVersion"])
        return self.items.item(obj)

    async def delete_workspace(self, namespace: str, name: str) -> dict[str, Any]:
        check_namespace(namespace)
        check_path_name(name)
        await asyncio.to_thread(self._delete, namespace, name)
        return {"deleted": True}

    # ---- blocking helpers (worker threads) ---------------------------------------------
    def _conn(self) -> Connection:
        return self.connection.get()

    def _resume(self, namespace: str, name: str) -> None:
        self._set_paused(namespace, name, False, False)

    def _mountable(self, namespace: str) -> tuple[Mountable | None, Mountable | None]:
        return mountable_objects(self._conn().api, namespace)

    def _kinds_by_name(self) -> dict[str, dict[str, Any]]:
        return {k["name"]: k for k in self._kinds()}

    def _get(self, namespace: str, name: str) -> dict[str, Any]:
        api = client.CustomObjectsApi(self._conn().api)
        try:
            return api.get_namespaced_custom_object(
                GROUP, VERSION, namespace, WORKSPACES, name, _request_timeout=REQUEST_TIMEOUT
            )
        except ApiException as e:
            if e.status == 404:
                raise NotFound(f"There is no workspace {name!r} in {namespace}") from None
            raise api_error(e, "get", "workspaces", namespace) from None
        except Exception as e:
            raise api_error(e, "get", "workspaces", namespace) from None

    def _update(
        self, namespace: str, name: str, mutate: Callable[[dict[str, Any]], None]
    ) -> dict[str, Any]:
        """Read, change, replace; on a conflict (someone else wrote first) redo on the fresh
        object, so concurrent edits of different fields all land."""
        api = client.CustomObjectsApi(self._conn().api)
        lookup = partial(self._mountable, namespace)
        for attempt in range(CONFLICT_RETRIES):
            obj = self._get(namespace, name)
            before = copy.deepcopy(obj.get("spec") or {})
            mutate(obj)
            check_schema(obj)
            check_mount_paths(obj["spec"], self.kinds.get(obj["spec"].get("kind", "")))
            check_mounts(namespace, obj["spec"], lookup, before)  # what it newly mounts
            try:
                updated = api.replace_namespaced_custom_object(
                    GROUP,
                    VERSION,
                    namespace,
                    WORKSPACES,
                    name,
                    obj,
                    _request_timeout=REQUEST_TIMEOUT,
                )
            except ApiException as e:
                if e.status == 409 and attempt + 1 < CONFLICT_RETRIES:
                    continue
                raise api_error(e, "update", "workspaces", namespace) from None
            except Exception as e:
                raise api_error(e, "update", "workspaces", namespace) from None
            return self.items.item(updated)
        raise AssertionError("unreachable")  # the loop returns or raises

    def _delete(self, namespace: str, name: str) -> None:
        api = client.CustomObjectsApi(self._conn().api)
        try:
            api.delete_namespaced_custom_object(
                GROUP, VERSION, namespace, WORKSPACES, name, _request_timeout=REQUEST_TIMEOUT
            )
        except ApiException as e:
            if e.status == 404:
                raise NotFound(f"There is no workspace {name!r} in {namespace}") from None
            raise api_error(e, "delete", "workspaces", namespace) from None
        except Exception as e:
            raise api_error(e, "delete", "workspaces", namespace) from None
