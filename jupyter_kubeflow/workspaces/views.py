"""A table's live window over the cached workspaces (issue 23: 50,000 workspaces).

The browser shows a few dozen rows of a list that may hold tens of thousands. A
``WindowView`` keeps, for one open table, its query (search, filters, order) and its
window (offset, limit, and the selected row whose card is open), and sends the browser only
what it shows: a ``window`` event with the total, the keys of the rows in the window in
order, and the items the browser has not got yet or that changed since it got them. When
the watch reports a change, the view works out whether it touches the window (a row in it
changed; a row entered, left or moved within the ordered list) and sends a new ``window``
only then; other changes cost a comparison of two rows. A new query or window (the user
typed, sorted or scrolled) comes with ``update`` and is answered on the same stream, so
the browser applies everything in the order the server produced it.

The browser keeps the items of the last window's keys (and the selected one), the view the
stamps of what it sent of them; both forget the rest at each window.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from collections.abc import Callable
from typing import Any, Protocol

from ..errors import KubeflowError, NotFound, Unavailable
from .cache import Subscriber
from .query import SORT_KEYS, Query, Row

MAX_VIEWS = 256  # open tables at once (each is a stream)
MIN_RECOMPUTE_SECONDS = 0.1  # a busy cluster re-sorts a view at most this often
PERMISSIONS_TTL = 30.0  # a namespace's permissions are sent again after this


class RowSource(Protocol):
    """One namespace's cache, or several read as one (all_namespaces.py)."""

    async def rows(self) -> list[Row]: ...

    def encoded(self, keys: list[str]) -> dict[str, str]: ...

    def subscribe(self, *, rows: bool = False) -> Subscriber: ...

    def unsubscribe(self, subscriber: Subscriber) -> None: ...


Permissions = Callable[[list[str]], dict[str, Any]]  # blocking: namespace -> IPermissions


def window_json(
    source: RowSource, order: list[Row], query: Query, extra: dict[str, Any] | None = None
) -> str:
    """One page of ``order`` as the paged list answers it: ``{total, offset, items}``."""
    window = order[query.offset : query.offset + query.limit]
    encoded = source.encoded([row.key for row in window])
    head = {**(extra or {}), "total": len(order), "offset": query.offset}
    items = ",".join(encoded[row.key] for row in window if row.key in encoded)
    return json.dumps(head)[:-1] + ', "items": [' + items + "]}"


class WindowView:
    def __init__(
        self,
        source: RowSource,
        query: Query,
        permissions: Permissions,
        scope: dict[str, Any] | None = None,
        own: list[str] | None = None,
        loading: Callable[[], dict[str, Any] | None] = lambda: None,
    ) -> None:
        self.id = secrets.token_urlsafe(12)
        self.source = source
        self.query = query
        self.scope = scope or {}
        self._permissions = permissions
        self._own = own or []  # namespaces whose permissions are sent whatever is shown
        self._loading = loading  # what the rows still lack while first lists come in
        self._order_loading: dict[str, Any] | None = None  # as it was when rows were read
        self._subscriber = source.subscribe(rows=True)
        self._wanted: tuple[int, Query] | None = None  # from update(), not yet answered
        self._seq = 0
        self._woken = asyncio.Event()
        self._order: list[Row] | None = None  # None: to be computed again
        self._selected_row: Row | None = None
        self._sent: dict[str, int] = {}  # key -> stamp of the item the browser has
        self._sent_permissions: dict[str, float] = {}  # namespace -> when sent
        self._dirty = True  # something may have changed in the window
        self._failed: str | None = None  # the error last sent, until rows come again
        self._last_full = 0.0
        self._test: tuple[Query | None, Callable[[Row], bool] | None] = (None, None)

    def close(self) -> None:
        self.source.unsubscribe(self._subscriber)

    def update(self, seq: int, query: Query) -> None:
        """A new query or window (``seq`` comes back with the window that answers it)."""
        self._wanted = (seq, query)
        self._woken.set()

    async def next_events(self, timeout: float) -> list[tuple[str, str]]:
        """The next events to send (``(name, JSON)``), or [] after ``timeout`` of quiet."""
        if not self._dirty:
            await self._wait(timeout)
        events: list[tuple[str, str]] = []
        self._take_changes(events)
        asked = self._wanted is not None
        if self._wanted is not None:
            seq, wanted = self._wanted
            self._wanted = None
            if not wanted.same_rows(self.query) or wanted.selected != self.query.selected:
                self._order = None
            self._seq, self.query, self._dirty = seq, wanted, True
        if not self._dirty:
            return events
        if self._order is None and not asked:  # a busy cluster: re-sort at most so often
            wait = self._last_full + MIN_RECOMPUTE_SECONDS - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
                self._take_changes(events)
        window = await self._window()
        if window is not None:
            events.append(window)
            permissions = await self._new_permissions()
            if permissions:
                events.append(("permissions", json.dumps(permissions)))
        return events

    async def _wait(self, timeout: float) -> None:
        """Until a change is queued or an update comes, at most ``timeout``."""
        self._woken.clear()
        if self._wanted is not None or not self._subscriber.queue.empty():
            return
        queued = asyncio.ensure_future(self._subscriber.queue.get())
        woken = asyncio.ensure_future(self._woken.wait())
        try:
            await asyncio.wait(
                {queued, woken}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
            )
        finally:  # also when the stream goes (cancelled): no task left waiting
            woken.cancel()
            if queued.done() and not queued.cancelled():
                self._subscriber.queue.put_nowait(queued.result())  # read with the others
            else:
                queued.cancel()

    def _take_changes(self, events: list[tuple[str, str]]) -> None:
        """Read the queued changes: mark the view dirty when one touches the window."""
        queue = self._subscriber.queue
        while not queue.empty():
            name, data = queue.get_nowait()
            if name == "row":
                self._apply(data["old"], data["new"])
            elif name == "reset":
                self._order, self._dirty = None, True
            elif name == "error" and data["message"] != self._failed:
                self._failed = data["message"]
                events.append(("error", json.dumps(data)))

    def _apply(self, old: Row | None, new: Row | None) -> None:
        """One workspace changed: does the window (or the selected row) change with it?"""
        key = (new or old).key  # type: ignore[union-attr]
        if key == self.query.selected:
            self._selected_row, self._dirty = new, True
        if self._order is None:
            return  # recomputed anyway
        if self._test[0] is not self.query:  # built once per query, not per change
            self._test = (self.query, self.query.matches())
        test = self._test[1]
        was = old is not None and (test is None or test(old))
        now = new is not None and (test is None or test(new))
        sort_key = SORT_KEYS[self.query.sort]
        if was != now or (was and sort_key(old) != sort_key(new)):  # type: ignore[arg-type]
            self._order, self._dirty = None, True  # it entered, left or moved
        elif now and key in self._sent:  # shown, same place: only its item changed
            start = self.query.offset
            for index, row in enumerate(self._order[start : start + self.query.limit]):
                if row.key == key:
                    self._order[start + index] = new  # type: ignore[call-overload]
                    self._dirty = True
                    break

    async def _window(self) -> tuple[str, str] | None:
        """The ``window`` event, or None when the rows cannot be read (an error is sent)."""
        query = self.query
        try:
            if self._order is None:
                # asked before the rows (None: the rows read are the whole list), and
                # after them for the progress they show
                before = self._loading()
                rows = await self.source.rows()
                self._order_loading = before and (self._loading() or before)
                self._order = query.order(rows)
                self._last_full = time.monotonic()
                if query.selected:
                    self._selected_row = next((r for r in rows if r.key == query.selected), None)
        except KubeflowError as e:
            self._dirty = False  # until a reset or an update
            if e.message == self._failed:
                return None
            self._failed = e.message
            return ("error", json.dumps({"message": e.message}))
        self._failed, self._dirty = None, False
        window = self._order[query.offset : query.offset + query.limit]
        shown = {row.key: row for row in window}
        selected = self._selected_row if query.selected else None
        if selected is not None and selected.key != query.selected:
            selected = None
        if selected is not None:
            shown.setdefault(selected.key, selected)
        stale = [key for key, row in shown.items() if self._sent.get(key) != row.stamp]
        encoded = self.source.encoded(stale)
        self._sent = {
            key: row.stamp
            for key, row in shown.items()
            if key in encoded or (key in self._sent and key not in stale)
        }
        head = {
            "seq": self._seq,
            "total": len(self._order),
            "offset": query.offset,
            "keys": [row.key for row in window],
            "selected": query.selected if selected is not None else None,
        }
        if self._order_loading is not None:  # the rows read so far: more are coming
            head["loading"] = self._order_loading
        items = ",".join(encoded.values())
        return ("window", json.dumps(head)[:-1] + ', "items": [' + items + "]}")

    async def _new_permissions(self) -> dict[str, Any]:
        """The permissions of the shown rows' namespaces not sent lately."""
        now = time.monotonic()
        namespaces = sorted(
            ({key.split("/", 1)[0] for key in self._sent} | set(self._own))
            - {ns for ns, at in self._sent_permissions.items() if now - at < PERMISSIONS_TTL}
        )
        if not namespaces:
            return {}
        try:
            answer = await asyncio.to_thread(self._permissions, namespaces)
        except KubeflowError:
            return {}  # the card says it cannot tell; asked again with the next window
        for namespace in answer:
            self._sent_permissions[namespace] = now
        return answer


class ViewRegistry:
    """The open views by id (a PUT names its view); at most ``MAX_VIEWS``."""

    def __init__(self) -> None:
        self._views: dict[str, WindowView] = {}

    def add(self, view: WindowView) -> None:
        if len(self._views) >= MAX_VIEWS:
            view.close()
            raise Unavailable(
                f"{MAX_VIEWS} workspace tables are open, the most this server keeps; "
                "close one and try again"
            )
        self._views[view.id] = view

    def get(self, view_id: str) -> WindowView:
        view = self._views.get(view_id)
        if view is None:
            raise NotFound(f"There is no open workspace table {view_id!r} (its stream ended)")
        return view

    def remove(self, view: WindowView) -> None:
        self._views.pop(view.id, None)
        view.close()
