"""The shared seen-store: one Redis server for every worker of a cluster (``redis://``).

``LEVANT_STATE_URI=redis://[:password@]host:port/db?prefix=levant`` (``rediss://``
for TLS). Query parameters: ``prefix`` (default ``levant``; stores with distinct
prefixes share a server without meeting), ``claim_ttl`` (seconds a claim lasts
at most, default 300), ``alive_ttl`` (seconds a worker counts as alive after its
last :meth:`RedisSeenStore.heartbeat`, default 30) and ``worker`` (this
process's name, default ``<host>-<pid>``). Keys, all under ``<prefix>:``:

- ``a:<h>``: one string per article (``h``: 16 characters of the SHA-1 of its
  canonical URL), the JSON array of its :class:`ArticleState` fields in order
  (a plain string: a hash would leave Redis's compact encoding, since URLs are
  longer than 64 bytes; 680 bytes an article on the mirror, 1.1 KB with the indexes);
- ``index``: the set of every ``h`` (``len``, ``known`` in one ``SMISMEMBER``);
- ``posts``: post ID -> ``h`` of the last seen article with that ID;
- ``aliases``: ``h`` of an article's former URL -> ``h`` of its current one, and
  ``aliases:of:<h>``: the former URLs' ``h`` of the article at ``h`` (so a move
  repoints them);
- ``pending`` (url -> found_at), ``meta``, ``runs`` (run_id -> JSON), ``runs:seq``;
- ``claim:<h>``, ``claim:post:<id>``: the worker exporting the article now;
- ``alive:<worker>``: present while the worker's heartbeat is recent.

The semantics are the SQLite store's (:mod:`levant.state.sqlite`): the same
content hash and version rules, :meth:`~RedisSeenStore.record_export` in one
atomic step (a Lua script). On top, :meth:`~RedisSeenStore.claim` reserves an
article for one worker: it fails while another *alive* worker holds the claim,
and :meth:`~RedisSeenStore.record_export` ends it. A claim of a worker whose
heartbeat stopped (killed) can be taken over at once.

Durability is Redis's: run the server with ``appendonly yes`` (``appendfsync
everysec`` loses at most a second of writes on a power cut). A single server (or
a primary with replicas); the scripts name keys Redis Cluster cannot route.
"""

from __future__ import annotations

import base64
import hashlib
import json
from contextlib import contextmanager
from dataclasses import astuple
from itertools import islice
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit, urlunsplit

from levant.state import redis_scripts as lua
from levant.state.base import ArticleState, RunRecord, SeenStore, StateStoreError

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

DEFAULT_PREFIX = "levant"
DEFAULT_CLAIM_TTL = 300.0
DEFAULT_ALIVE_TTL = 30.0
_BATCH = 500


def url_key(url: str) -> str:
    """The short key of a canonical URL: 16 characters (96 bits) of its SHA-1."""
    digest = hashlib.sha1(url.encode("utf-8")).digest()[:12]
    return base64.urlsafe_b64encode(digest).decode("ascii")


class RedisSeenStore(SeenStore):
    """A :class:`SeenStore` in a Redis server, shared by the workers of a cluster."""

    def __init__(
        self,
        url: str = "redis://127.0.0.1:6379/0",
        *,
        prefix: str = DEFAULT_PREFIX,
        worker: str | None = None,
        claim_ttl: float = DEFAULT_CLAIM_TTL,
        alive_ttl: float = DEFAULT_ALIVE_TTL,
    ) -> None:
        import redis  # imported where first needed: `scrapy list` stays fast

        from levant.cluster import worker_name

        self.location = redacted_url(url)
        self.prefix = prefix
        self.worker = worker or worker_name()
        self.claim_ttl = claim_ttl
        self.alive_ttl = alive_ttl
        self._redis_error = redis.RedisError
        self._closed = False
        with self._errors("open"):
            self._db = redis.Redis.from_url(url, decode_responses=True)
            self._db.ping()
        self._upsert = self._db.register_script(lua.UPSERT)
        self._record_export = self._db.register_script(lua.RECORD_EXPORT)
        self._lookup = self._db.register_script(lua.LOOKUP)
        self._touch = self._db.register_script(lua.TOUCH)
        self._claim = self._db.register_script(lua.CLAIM)
        self._release = self._db.register_script(lua.RELEASE)

    @classmethod
    def from_uri(cls, uri: str) -> RedisSeenStore:
        """Open the store of a ``redis://…?prefix=…`` URI (see the module docstring)."""
        parts = urlsplit(uri)
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        unknown = sorted(set(query) - {"prefix", "claim_ttl", "alive_ttl", "worker"})
        if unknown:
            raise StateStoreError(
                f"state store URI {redacted_url(uri)!r}: unknown parameter(s)"
                f" {', '.join(unknown)}; use prefix, claim_ttl, alive_ttl, worker"
            )
        try:
            claim_ttl = float(query.get("claim_ttl", DEFAULT_CLAIM_TTL))
            alive_ttl = float(query.get("alive_ttl", DEFAULT_ALIVE_TTL))
        except ValueError as exc:
            raise StateStoreError(f"state store URI {redacted_url(uri)!r}: {exc}") from exc
        return cls(
            urlunsplit(parts._replace(query="")),
            prefix=query.get("prefix") or DEFAULT_PREFIX,
            worker=query.get("worker") or None,
            claim_ttl=claim_ttl,
            alive_ttl=alive_ttl,
        )

    # -- articles ---------------------------------------------------------------

    def get(self, url: str) -> ArticleState | None:
        return self.lookup(url)

    def lookup(self, url: str, post_id: int | None = None) -> ArticleState | None:
        post = "" if post_id is None else str(post_id)
        with self._errors("read"):
            value = self._lookup(args=[self.prefix, url_key(url), post])
        return _state(value) if value else None

    def get_many(self, urls: Iterable[str]) -> dict[str, ArticleState]:
        found: dict[str, ArticleState] = {}
        iterator = iter(urls)
        with self._errors("read"):
            while batch := list(islice(iterator, _BATCH)):
                keys = [url_key(u) for u in batch]
                targets = self._db.hmget(self._key("aliases"), keys)
                wanted = [_text(t) if t else h for h, t in zip(keys, targets, strict=True)]
                values = self._db.mget([self._article(h) for h in wanted])
                found.update(
                    (url, _state(value)) for url, value in zip(batch, values, strict=True) if value
                )
        return found

    def get_by_post_id(self, post_id: int) -> ArticleState | None:
        with self._errors("read"):
            h = self._db.hget(self._key("posts"), str(post_id))
            value = self._db.get(self._article(_text(h))) if h else None
        return _state(value) if value else None

    def known(self, urls: Iterable[str]) -> set[str]:
        found: set[str] = set()
        iterator = iter(urls)
        with self._errors("read"):
            while batch := list(islice(iterator, _BATCH)):
                keys = [url_key(u) for u in batch]
                flags = self._db.smismember(self._key("index"), keys)
                aliased = self._db.hmget(self._key("aliases"), keys)
                found.update(
                    url
                    for url, flag, alias in zip(batch, flags, aliased, strict=True)
                    if flag or alias
                )
        return found

    def upsert(self, state: ArticleState) -> None:
        with self._errors("write"):
            self._upsert(args=self._state_args(state))

    def upsert_many(self, states: Iterable[ArticleState]) -> None:
        with self._errors("write"):
            pipe = self._db.pipeline(transaction=True)
            for state in states:
                self._upsert(args=self._state_args(state), client=pipe)
            pipe.execute()

    def touch(self, url: str, seen_at: str) -> None:
        with self._errors("write"):
            done = self._touch(args=[self.prefix, url_key(url), seen_at])
        if not done:
            raise KeyError(url)

    def record_export(
        self,
        state: ArticleState,
        meta: dict[str, str],
        pending: Iterable[str] = (),
        replaces: str | None = None,
    ) -> int:
        pairs = [part for item in meta.items() for part in item]
        links = [part for url in pending for part in (url, url_key(url))]
        old = url_key(replaces) if replaces else ""
        args: list[str | int] = [
            *self._state_args(state),
            state.url,
            old,
            self.max_pending,
            len(meta),
            *pairs,
        ]
        with self._errors("write"):
            return int(self._record_export(args=[*args, state.last_seen, *links]) or 0)

    def __len__(self) -> int:
        with self._errors("read"):
            return int(self._db.scard(self._key("index")))

    def __iter__(self) -> Iterator[ArticleState]:
        """Every article, in URL order (as the SQLite store)."""
        states: list[ArticleState] = []
        with self._errors("read"):
            keys = iter(self._db.sscan_iter(self._key("index"), count=_BATCH))
            while batch := list(islice(keys, _BATCH)):
                values = self._db.mget([self._article(h) for h in batch])
                states.extend(_state(value) for value in values if value)
        yield from sorted(states, key=lambda state: state.url)

    # -- claims -----------------------------------------------------------------

    def claim(self, url: str, post_id: int | None = None) -> bool:
        keys = [url_key(url)] + ([f"post:{post_id}"] if post_id is not None else [])
        ttl = str(max(1, int(self.claim_ttl * 1000)))
        with self._errors("write"):
            return bool(self._claim(args=[self.prefix, self.worker, ttl, *keys]))

    def release(self, url: str, post_id: int | None = None) -> None:
        post = "" if post_id is None else str(post_id)
        with self._errors("write"):
            self._release(args=[self.prefix, self.worker, url_key(url), post])

    def heartbeat(self, ttl: float | None = None) -> None:
        """Mark this worker alive for *ttl* seconds (``alive_ttl``): its claims hold meanwhile.

        The cluster scheduler beats with its own heartbeat's TTL, just before its
        own: a dead worker's claims so expire before its requests are requeued.
        """
        seconds = self.alive_ttl if ttl is None else ttl
        with self._errors("write"):
            self._db.set(self._key(f"alive:{self.worker}"), "1", px=max(1, int(seconds * 1000)))

    # -- frontier, bookkeeping, runs --------------------------------------------

    def pending(self) -> list[str]:
        with self._errors("read"):
            found = self._db.hgetall(self._key("pending"))
        return [_text(url) for url, _ in sorted(found.items(), key=lambda item: (item[1], item[0]))]

    def drop_pending(self, urls: Iterable[str]) -> None:
        iterator = iter(urls)
        with self._errors("write"):
            while batch := list(islice(iterator, _BATCH)):
                self._db.hdel(self._key("pending"), *batch)

    def get_meta(self, key: str) -> str | None:
        with self._errors("read"):
            value = self._db.hget(self._key("meta"), key)
        return None if value is None else _text(value)

    def set_meta(self, key: str, value: str | None) -> None:
        with self._errors("write"):
            if value is None:
                self._db.hdel(self._key("meta"), key)
            else:
                self._db.hset(self._key("meta"), key, value)

    def start_run(self, run: RunRecord) -> None:
        with self._errors("write"):
            seq = self._db.incr(self._key("runs:seq"))
            record: dict[str, Any] = {
                "run_id": run.run_id,
                "started_at": run.started_at,
                "mode": run.mode,
            }
            record.update(finished_at=None, finish_reason=None, summary=run.summary, seq=seq)
            self._db.hset(self._key("runs"), run.run_id, json.dumps(record))

    def finish_run(self, run: RunRecord) -> None:
        with self._errors("write"):
            stored = self._db.hget(self._key("runs"), run.run_id)
            if stored is None:
                return
            record = json.loads(stored)
            record.update(
                finished_at=run.finished_at, finish_reason=run.finish_reason, summary=run.summary
            )
            self._db.hset(self._key("runs"), run.run_id, json.dumps(record))

    def runs(self, limit: int | None = None) -> list[RunRecord]:
        with self._errors("read"):
            stored = self._db.hvals(self._key("runs"))
        records = sorted(
            (json.loads(text) for text in stored),
            key=lambda r: (r["started_at"], r["seq"]),
            reverse=True,
        )
        return [
            RunRecord(
                r["run_id"],
                r["started_at"],
                r["mode"],
                r["finished_at"],
                r["finish_reason"],
                summary=r["summary"],
            )
            for r in records[:limit]
        ]

    def close(self) -> None:
        if not self._closed and hasattr(self, "_db"):
            self._db.close()
        self._closed = True

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.location!r}, prefix={self.prefix!r})"

    # -- helpers ----------------------------------------------------------------

    def _key(self, name: str) -> str:
        return f"{self.prefix}:{name}"

    def _article(self, h: str) -> str:
        return f"{self.prefix}:a:{h}"

    def _state_args(self, state: ArticleState) -> list[str]:
        value = json.dumps(astuple(state), separators=(",", ":"))
        post_id = "" if state.post_id is None else str(state.post_id)
        return [self.prefix, self.worker, url_key(state.url), value, post_id, state.last_seen]

    @contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        """Turn Redis errors into a StateStoreError that names the server."""
        if self._closed:
            raise StateStoreError(f"cannot {action} Redis state store {self.location}: closed")
        try:
            yield
        except self._redis_error as exc:
            raise StateStoreError(
                f"cannot {action} Redis state store {self.location} (prefix {self.prefix!r}): {exc}"
            ) from exc


def _state(value: str | bytes) -> ArticleState:
    return ArticleState(*json.loads(value))


def _text(reply: str | bytes) -> str:
    """A Redis reply as text. The client decodes every reply (``decode_responses``),
    which redis-py's types cannot tell: its replies are typed ``bytes | str``."""
    return reply if isinstance(reply, str) else reply.decode("utf-8")


def redacted_url(url: str) -> str:
    """*url* without its credentials and query, for messages and ``repr``."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))
