"""A least-recently-used map bounded by entries and bytes, for rendered pages and per-file computations."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from typing import Any


class BoundedCache:
    """A least-recently-used map bounded by entries and by the bytes of its text values.

    Text (rendered pages) is counted by its length; other values (rows, computed
    figures) count as entries only, so bound those by `max_entries`.
    """

    def __init__(self, max_entries: int, max_bytes: int) -> None:
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self.bytes = 0
        self._entries: OrderedDict[str, tuple[tuple[Any, ...], Any, int]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[str]:
        """The keys, least recently used first."""
        return iter(list(self._entries))

    def get(self, key: str, version: tuple[Any, ...]) -> tuple[bool, Any]:
        entry = self._entries.get(key)
        if entry is None or entry[0] != version:
            return False, None
        self._entries.move_to_end(key)
        return True, entry[1]

    def put(self, key: str, version: tuple[Any, ...], value: Any) -> None:
        size = len(value) if isinstance(value, (str, bytes)) else 0
        if size > self.max_bytes:
            return
        old = self._entries.pop(key, None)
        if old is not None:
            self.bytes -= old[2]
        self._entries[key] = (version, value, size)
        self.bytes += size
        while len(self._entries) > self.max_entries or self.bytes > self.max_bytes:
            _, (_, _, evicted) = self._entries.popitem(last=False)
            self.bytes -= evicted
