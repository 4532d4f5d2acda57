"""Query parameters and in-memory paging of the catalog API, as Hub reads and pages them."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Mapping
from typing import Any

from ...errors import InvalidInput
from .index import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

Query = Mapping[str, "str | list[str]"]
MAX_QUERY_CHARS = 10_000


class QueryParams:
    """Query parameters: each may be given several times or comma-separated."""

    def __init__(self, query: Query) -> None:
        self.values: dict[str, list[str]] = {}
        for key, value in query.items():
            values = [value] if isinstance(value, str) else list(value)
            for item in values:
                if len(item) > MAX_QUERY_CHARS:
                    raise InvalidInput(
                        f"query parameter {key} is longer than {MAX_QUERY_CHARS} characters",
                        field=key,
                    )
            self.values[key] = values

    def one(self, key: str, limit: int = MAX_QUERY_CHARS) -> str:
        values = self.values.get(key) or [""]
        value = values[-1]
        if len(value) > limit:
            raise InvalidInput(f"{key} is longer than {limit} characters", field=key)
        return value

    def many(self, key: str) -> list[str]:
        return [v for value in self.values.get(key, []) for v in value.split(",") if v]


def page_size_of(query: QueryParams) -> int:
    raw = query.one("pageSize")
    if not raw:
        return DEFAULT_PAGE_SIZE
    if not raw.isdigit() or len(raw) > 9 or int(raw) < 1:
        raise InvalidInput(
            "invalid pagination parameters: pageSize must be at least 1", field="pageSize"
        )
    return min(int(raw), MAX_PAGE_SIZE)


def descending_of(query: QueryParams) -> bool:
    order = query.one("sortOrder").upper()
    if order not in ("", "ASC", "DESC"):
        raise InvalidInput("unsupported sort order field", field="sortOrder")
    return order == "DESC"


def value_page(
    items: list[dict[str, Any]],
    query: QueryParams,
    key: Callable[[dict[str, Any]], tuple[Any, Any]],
) -> dict[str, Any]:
    """Hub's in-memory paginator: the token is base64 of "value:id" of the last item; a
    token that names no item starts from the first (as Hub's)."""
    page_size = page_size_of(query)
    token = query.one("nextPageToken")
    start = 0
    if token:
        try:
            value, sep, item_id = base64.b64decode(token, validate=True).decode().rpartition(":")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            raise InvalidInput("invalid nextPageToken: invalid token encoding") from None
        if not sep:
            raise InvalidInput("invalid nextPageToken: invalid token format")
        for i, item in enumerate(items):
            if tuple(map(str, key(item))) == (value, item_id):
                start = i + 1
                break
    chunk = items[start : start + page_size]
    next_token = ""
    if start + page_size < len(items) and chunk:
        value, item_id = key(chunk[-1])
        next_token = base64.b64encode(f"{value}:{item_id}".encode()).decode()
    return {"items": chunk, "size": len(chunk), "pageSize": page_size, "nextPageToken": next_token}
