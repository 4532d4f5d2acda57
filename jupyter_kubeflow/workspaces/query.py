"""Search, filter, sort and page the cached workspaces (the sidebar's table, issue 23).

Each cached workspace keeps a ``Row``: the few fields a query reads, so that a query over
tens of thousands of workspaces touches small records, never the items themselves. A
``Query`` is parsed from request parameters (strings, as in a URL query), checked, and
answers with the keys of the matching rows in order.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import InvalidInput

PHASES = ("Running", "Starting", "Pausing", "Paused", "Restarting", "Error", "Unknown")
SORTS = ("name", "kind", "image", "podConfig", "namespace", "state", "gpu", "lastActivity")
MAX_LIMIT = 500  # rows in one window: a screen and some
MAX_OFFSET = 10_000_000
MAX_TEXT = 256  # characters of a search or a substring filter
MAX_SELECTOR = 1024  # characters of a label selector
MAX_CHOICES = 64  # values of a list filter (states, kinds)
# A label key (an optional DNS prefix and a name) and value, as Kubernetes checks them.
LABEL_NAME = r"[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?"
LABEL_KEY = re.compile(rf"([a-z0-9]([-a-z0-9.]{{0,251}}[a-z0-9])?/)?{LABEL_NAME}")
LABEL_VALUE = re.compile(rf"({LABEL_NAME})?")


@dataclass(frozen=True, slots=True)
class Row:
    """What a query reads of one workspace."""

    key: str  # namespace/name
    name: str
    namespace: str
    display: str
    kind: str
    image: str
    pod_config: str
    phase: str
    gpus: int
    last_activity: int  # ms since the epoch; 0 when unknown
    labels: tuple[tuple[str, str], ...]
    text: str  # name and display name, lower case: what a search looks in
    stamp: int  # changes whenever the item does (a view resends what it has not sent)


def row_of(item: Mapping[str, Any], stamp: int = 0) -> Row:
    """The row of an item (fields an item lacks read as empty)."""
    name, namespace = item.get("name", ""), item.get("namespace", "")
    display = item.get("displayName") or name
    activity = item.get("activity") or {}
    return Row(
        key=f"{namespace}/{name}",
        name=name,
        namespace=sys.intern(namespace),
        display=display,
        kind=sys.intern(item.get("kind", "")),
        image=sys.intern((item.get("imageConfig") or {}).get("current", "")),
        pod_config=sys.intern((item.get("podConfig") or {}).get("current", "")),
        phase=sys.intern(item.get("phase") or item.get("state") or "Unknown"),
        gpus=int(item.get("gpus") or 0),
        last_activity=int(activity.get("lastActivity") or 0),
        labels=tuple(sorted((item.get("labels") or {}).items())),
        text=name.lower() if display == name else f"{name}\n{display}".lower(),
        stamp=stamp,
    )


# Each sort's key, and what breaks its ties (so that the order never depends on the
# cache's): the name, then the namespace.
SORT_KEYS: dict[str, Callable[[Row], tuple[Any, ...]]] = {
    "name": lambda r: (r.name, r.namespace),
    "kind": lambda r: (r.kind, r.name, r.namespace),
    "image": lambda r: (r.image, r.name, r.namespace),
    "podConfig": lambda r: (r.pod_config, r.name, r.namespace),
    "namespace": lambda r: (r.namespace, r.name),
    "state": lambda r: (r.phase, r.name, r.namespace),
    "gpu": lambda r: (r.gpus, r.name, r.namespace),
    "lastActivity": lambda r: (r.last_activity, r.name, r.namespace),
}


@dataclass(frozen=True)
class LabelTerm:
    """One requirement of a label selector: ``key=value``, ``key!=value``, ``key``, ``!key``."""

    key: str
    value: str | None  # None: only whether the key is there
    equal: bool  # = (or presence) rather than != (or absence)

    def holds(self, labels: dict[str, str]) -> bool:
        if self.value is None:
            return (self.key in labels) == self.equal
        return (labels.get(self.key) == self.value) == self.equal


@dataclass(frozen=True)
class Query:
    """What the table asks for: a search, filters, an order, and a window of rows."""

    search: str = ""
    states: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    image: str = ""  # a substring of the image config, any case
    namespace: str = ""  # a substring of the namespace, any case (all namespaces)
    labels: tuple[LabelTerm, ...] = ()
    sort: str = "name"
    descending: bool = False
    offset: int = 0
    limit: int = 50
    selected: str = ""  # namespace/name of a row sent whatever the window (its card)
    label_text: str = field(default="", compare=False)

    def same_rows(self, other: Query) -> bool:
        """True when ``other`` selects and orders the same rows (only the window differs)."""
        return (
            self.search,
            self.states,
            self.kinds,
            self.image,
            self.namespace,
            self.labels,
            self.sort,
            self.descending,
        ) == (
            other.search,
            other.states,
            other.kinds,
            other.image,
            other.namespace,
            other.labels,
            other.sort,
            other.descending,
        )

    def matches(self) -> Callable[[Row], bool] | None:
        """A test of a row against the search and filters, or None when there are none."""
        tests: list[Callable[[Row], bool]] = []
        if self.search:
            needle = self.search.lower()
            tests.append(lambda r: needle in r.text)
        if self.states:
            states = self.states
            tests.append(lambda r: r.phase in states)
        if self.kinds:
            kinds = self.kinds
            tests.append(lambda r: r.kind in kinds)
        if self.image:
            image = self.image.lower()
            tests.append(lambda r: image in r.image.lower())
        if self.namespace:
            namespace = self.namespace.lower()
            tests.append(lambda r: namespace in r.namespace)
        if self.labels:
            terms = self.labels
            tests.append(lambda r: _labels_hold(terms, r.labels))
        if not tests:
            return None
        if len(tests) == 1:
            return tests[0]
        return lambda r: all(test(r) for test in tests)

    def order(self, rows: Iterable[Row]) -> list[Row]:
        """The matching rows, in the asked order."""
        test = self.matches()
        chosen = list(rows) if test is None else [r for r in rows if test(r)]
        chosen.sort(key=SORT_KEYS[self.sort], reverse=self.descending)
        return chosen

    def to_dict(self) -> dict[str, Any]:
        """The query as the parameters it was parsed from (the stream says what it shows)."""
        return {
            "search": self.search,
            "state": ",".join(sorted(self.states)),
            "kind": ",".join(sorted(self.kinds)),
            "image": self.image,
            "namespaceFilter": self.namespace,
            "labels": self.label_text,
            "sort": self.sort,
            "order": "desc" if self.descending else "asc",
            "offset": self.offset,
            "limit": self.limit,
            "selected": self.selected,
        }


def _labels_hold(terms: tuple[LabelTerm, ...], pairs: tuple[tuple[str, str], ...]) -> bool:
    labels = dict(pairs)
    return all(term.holds(labels) for term in terms)


def parse_query(params: Mapping[str, Any]) -> Query:
    """A Query from request parameters (strings; numbers also as JSON numbers).

    Raises InvalidInput (400) naming the parameter for anything not understood."""
    known = {"search", "state", "kind", "image", "namespaceFilter", "labels", "sort", "order"}
    known |= {"offset", "limit", "selected", "namespace", "seq", "watch"}
    unknown = sorted(set(params) - known)
    if unknown:
        raise InvalidInput(f"Unknown query parameter {unknown[0]!r}", field=unknown[0])
    text = {name: _text(params, name) for name in ("search", "image", "namespaceFilter")}
    states = _choices(params, "state")
    wrong = sorted(states - set(PHASES))
    if wrong:
        raise InvalidInput(
            f"state: {wrong[0]!r} is not a state (one of {', '.join(PHASES)})", field="state"
        )
    sort = _string(params, "sort", 32) or "name"
    if sort not in SORTS:
        raise InvalidInput(
            f"sort: {sort!r} is not a column (one of {', '.join(SORTS)})", field="sort"
        )
    order = _string(params, "order", 8) or "asc"
    if order not in ("asc", "desc"):
        raise InvalidInput("order: must be asc or desc", field="order")
    label_text = _string(params, "labels", MAX_SELECTOR)
    return Query(
        search=text["search"],
        states=frozenset(states),
        kinds=frozenset(_choices(params, "kind")),
        image=text["image"],
        namespace=text["namespaceFilter"],
        labels=parse_selector(label_text),
        sort=sort,
        descending=order == "desc",
        offset=_number(params, "offset", 0, MAX_OFFSET, 0),
        limit=_number(params, "limit", 0, MAX_LIMIT, 50),
        selected=_string(params, "selected", 320),
        label_text=label_text,
    )


def parse_selector(text: str) -> tuple[LabelTerm, ...]:
    """An equality-based label selector (``team=a,tier!=gpu,owner,!legacy``), as kubectl's
    ``-l``; raises InvalidInput naming ``labels`` and the term it cannot read."""
    terms = []
    for raw in text.split(","):
        term = raw.strip()
        if not term:
            continue
        key, value, equal = term, None, True
        if term.startswith("!"):
            key, equal = term[1:].strip(), False
        elif "!=" in term:
            key, value = (part.strip() for part in term.split("!=", 1))
            equal = False
        elif "=" in term:
            key, value = (part.strip() for part in term.split("=", 1))
            value = value[1:] if value.startswith("=") else value  # "==" as kubectl
        if not LABEL_KEY.fullmatch(key) or (value is not None and not LABEL_VALUE.fullmatch(value)):
            raise InvalidInput(
                f"labels: cannot read {term!r} (key=value, key!=value, key or !key, "
                "separated by commas)",
                field="labels",
            )
        terms.append(LabelTerm(key, value, equal))
    return tuple(terms)


def _string(params: Mapping[str, Any], name: str, limit: int) -> str:
    value = params.get(name, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(f"{name}: must be text", field=name)
    if len(value) > limit:
        raise InvalidInput(f"{name}: at most {limit} characters", field=name)
    if any(ord(c) < 32 for c in value):
        raise InvalidInput(f"{name}: control characters are not allowed", field=name)
    return value.strip()


def _text(params: Mapping[str, Any], name: str) -> str:
    return _string(params, name, MAX_TEXT)


def _choices(params: Mapping[str, Any], name: str) -> set[str]:
    values = {v.strip() for v in _string(params, name, MAX_SELECTOR).split(",") if v.strip()}
    if len(values) > MAX_CHOICES:
        raise InvalidInput(f"{name}: at most {MAX_CHOICES} values", field=name)
    return values


def _number(params: Mapping[str, Any], name: str, low: int, high: int, default: int) -> int:
    value = params.get(name)
    if value is None or value == "":
        return default
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise InvalidInput(f"{name}: must be a whole number", field=name)
    if isinstance(value, str):
        if not value.strip().isdigit() or len(value) > 12:
            raise InvalidInput(f"{name}: must be a whole number from {low} to {high}", field=name)
        value = int(value)
    if not low <= value <= high:
        raise InvalidInput(f"{name}: must be a whole number from {low} to {high}", field=name)
    return value
