"""Persistent state between runs: the seen-store of articles (``LEVANT_STATE_URI``).

:func:`open_store` turns the URI of the ``LEVANT_STATE_URI`` setting into a
:class:`SeenStore`:

- ``sqlite:///relative/path.db``: a file relative to the working directory
  (the default, :data:`DEFAULT_STATE_URI`, is ``sqlite:///.levant/state.db``);
- ``sqlite:////abs/path.db``: an absolute path;
- ``sqlite://:memory:``: a store that lives as long as the process (tests);
- ``redis://host:port/db?prefix=levant`` (``rediss://`` for TLS): the store a
  cluster of workers shares (:mod:`levant.state.redis`).

Another backend implements :class:`SeenStore` and adds its opener to ``_OPENERS``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from levant.state.base import ArticleState, RunRecord, SeenStore, StateStoreError

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "DEFAULT_STATE_URI",
    "ArticleState",
    "RunRecord",
    "SeenStore",
    "StateStoreError",
    "open_store",
]

DEFAULT_STATE_URI = "sqlite:///.levant/state.db"


def open_store(uri: str, *, exclusive: bool = False) -> SeenStore:
    """Open the seen-store named by *uri*; :class:`StateStoreError` if it cannot.

    *exclusive* (a crawl): a store in a file is locked on the file itself until it is
    closed, so no other exclusive opening reaches it, under any name.
    """
    scheme, sep, rest = uri.partition("://")
    opener = _OPENERS.get(scheme.lower()) if sep else None
    if opener is None:
        names = sorted(_OPENERS, key=lambda name: (name != "sqlite", name))  # the default first
        supported = ", ".join(f"{name}://" for name in names)
        raise StateStoreError(f"unsupported state store URI {uri!r}; supported: {supported}")
    return opener(uri, rest, exclusive)


def _open_sqlite(uri: str, rest: str, exclusive: bool) -> SeenStore:
    from levant.state.sqlite import MEMORY, SQLiteSeenStore

    if rest in (MEMORY, "/" + MEMORY):
        return SQLiteSeenStore(MEMORY)
    if not rest.startswith("/") or rest == "/":
        raise StateStoreError(
            f"state store URI {uri!r} has no file path; use sqlite:///relative/path.db,"
            " sqlite:////absolute/path.db or sqlite://:memory:"
        )
    return SQLiteSeenStore(rest[1:], exclusive=exclusive)


def _open_redis(uri: str, rest: str, exclusive: bool) -> SeenStore:
    from levant.state.redis import RedisSeenStore

    return RedisSeenStore.from_uri(uri)


# URI scheme -> opener(uri, rest after "://", exclusive).
_OPENERS: dict[str, Callable[[str, str, bool], SeenStore]] = {
    "redis": _open_redis,
    "rediss": _open_redis,
    "sqlite": _open_sqlite,
}
