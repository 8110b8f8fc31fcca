"""The stream: every exported record appended to one JSON Lines file, whole lines only.

:class:`Stream` is the file; :class:`levant.pipelines.record.RecordPipeline` owns it
(it writes each record's line, then records the article in the seen-store).

``LEVANT_STREAM_PATH`` (default ``data/stream.jsonl``; empty disables the stream)
may name ``{host}`` and ``{pid}``: the workers of a cluster (``settings.cluster``)
each write a file of their own, merged by ``python -m levant merge``. It
is opened with ``O_APPEND`` and each record is written with one ``write`` of one
complete line, so a reader following the file (``tail -f``) sees whole lines
only. Right after the write, the record pipeline marks the record seen in the
seen-store in one atomic step with the stream's new length (what :meth:`Stream.write`
returns): the store never knows an article the stream does not hold. (The crawl state
commits these steps in groups; a crash loses at most the open group, which the replay
below restores.)

On open, a torn last line (a process killed mid-write) is cut and reported
(``levant/stream/torn_lines_cut``), and lines written after the store's last
recorded length (a process killed between the write and the store update) are
replayed into the store, so no article is written twice after a crash.
Read-also links of a written record that the store does not know yet are kept as
*pending* in the same transaction, so the next run fetches them even if this one
is killed before it does. A failed write to the stream (disk full) stops the crawl with a
clear error (``stream_write_failed``, ``levant/stream/write_failed``) and marks nothing
seen; so does a failed write to the store (``state_write_failed``,
``levant/stream/record_failed``), whose unrecorded lines the next start replays. After
either, no further record is written, so none lands past the failure.

A crawl holds an exclusive ``flock`` on the stream (its inode, whatever name reaches
it) while it writes, and ``<stream>.owner`` names the state store that owns the
stream (its ``store_id``): a second crawl on the same stream, or a store that is not
its owner, stops before crawling (``locked``, ``stream_owned``). An empty store takes
a stream over (it replays the whole stream). A path that cannot be opened (a
directory) stops the crawl the same way (``stream_unavailable``). Replay counts and
skips a line that is not a record (``levant/stream/unreadable_lines``); a recorded
offset that is not a length of the stream (junk, negative) is repaired by replaying
from the start (``levant/stream/offset_repaired``), which records nothing twice.
"""

from __future__ import annotations

import errno
import fcntl
import json
import logging
import os
import stat
import uuid
from pathlib import Path
from typing import Any

from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from levant.items import Article, export_record
from levant.state import ArticleState, StateStoreError
from levant.state.crawl import CrawlState

logger = logging.getLogger(__name__)


class Stream:
    """The JSON Lines file of one crawl (``LEVANT_STREAM_PATH``): locked, owned, replayed."""

    def __init__(self, path: str, stats: StatsCollector, state: CrawlState) -> None:
        self.path = Path(path)
        self.stats = stats
        self.state = state
        self._fd: int | None = None
        self._stopped: str | None = None  # the finish reason of a failed write
        self._offset_key = f"stream_offset:{self.path.resolve()}"

    def open(self) -> None:
        """Lock the stream, claim it for this crawl's store, cut a torn last line and
        replay what the store did not record. A crawl whose state is unavailable does
        not touch the stream another process may be writing."""
        self.state.ensure_open()
        if self.state.unavailable:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        except OSError as error:
            self.state.refuse("stream_unavailable", f"Cannot open the stream {self.path}: {error}")
            return
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # a pipe or a device: no replay
            self._fd = fd
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            os.close(fd)
            if error.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                message = f"Cannot lock the stream {self.path}: {error}"
                self.state.refuse("stream_unavailable", message)
            else:
                self.state.refuse(
                    "locked",
                    f"The stream {self.path} is being written by another crawl (the same file,"
                    " perhaps under another name)",
                )
            return
        self._fd = fd
        if not self._claim_ownership():
            self.close()
            return
        self._cut_torn_line()
        try:
            self._replay_unrecorded()
        except StateStoreError as error:
            self.state.refuse(
                "state_write_failed",
                f"Cannot record the stream's unrecorded lines in the state store ({error})",
            )
            self.close()

    def _claim_ownership(self) -> bool:
        """Record this crawl's store as the stream's owner; False (the crawl refused) when
        a store with records of its own finds another store named there."""
        store = self.state.store
        store_id = store.get_meta(_STORE_ID)
        if store_id is None:
            store_id = uuid.uuid4().hex
            store.set_meta(_STORE_ID, store_id)
        owner_path = self.path.with_name(self.path.name + ".owner")
        owner = _read_owner(owner_path)
        if owner.get("store_id") == store_id:
            return True
        if owner and len(store) > 0:
            self.state.refuse(
                "stream_owned",
                f"The stream {self.path} belongs to another state store ({owner.get('store')},"
                f" recorded in {owner_path}); give each store a LEVANT_STREAM_PATH of its own,"
                f" or delete {owner_path} to hand the stream to {self.state.uri}",
            )
            return False
        if owner:
            logger.warning(
                "The stream %s belonged to the state store %s; the empty store %s takes it over",
                self.path,
                owner.get("store"),
                self.state.uri,
            )
        try:
            owner_path.write_text(
                json.dumps({"store_id": store_id, "store": self.state.uri}) + "\n", "utf-8"
            )
        except OSError as error:
            self.state.refuse("stream_unavailable", f"Cannot write {owner_path}: {error}")
            return False
        return True

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def write(self, item: Article) -> dict[str, str]:
        """Append the record's line; the stream's new length as the store's bookkeeping
        (what :meth:`~levant.state.SeenStore.record_export` records with the article).

        :class:`~scrapy.exceptions.DropItem` (and the crawl stopping) when the stream
        cannot take it, and for every record after a failure.
        """
        if self.state.failed and not self._stopped:  # the store failed outside the stream
            self._stopped = self.state.failed
        if self._stopped or self._fd is None:  # after a failure nothing more is written: see _stop
            self.stats.inc_value("levant/stream/dropped_after_failure")
            raise DropItem(f"the stream is stopped ({self._stopped or 'not open'})")
        line = (json.dumps(export_record(item), ensure_ascii=False) + "\n").encode("utf-8")
        try:
            written = os.write(self._fd, line)
            if written != len(line):
                raise OSError(f"short write: {written} of {len(line)} bytes")
        except OSError as error:
            self.stop(
                "stream_write_failed",
                "write_failed",
                f"Cannot write to the stream {self.path} ({error})",
            )
        self.stats.inc_value("levant/stream/written")
        return {self._offset_key: str(os.fstat(self._fd).st_size)}

    def record_failed(self, error: StateStoreError) -> None:
        """The store could not record a written line: stop (the next start replays it)."""
        self.stop(
            "state_write_failed",
            "record_failed",
            f"Cannot record an exported article in the state store ({error}); the next run"
            " replays the stream's unrecorded lines",
        )

    def stop(self, reason: str, stat: str, message: str) -> None:
        """Stop the crawl after a failed write: the stream and the store stay as they are
        (a partial last line is cut, unrecorded lines replayed, on the next start), so no
        later record may be written past them."""
        self._stopped = reason
        self.stats.inc_value(f"levant/stream/{stat}")
        self.state.fail(reason, message)
        raise DropItem(f"{reason.replace('_', ' ')}: {message}")

    def _cut_torn_line(self) -> None:
        size = self.path.stat().st_size
        keep = _whole_lines_length(self.path, size)
        if keep == size:
            return
        os.truncate(self.path, keep)
        self.stats.inc_value("levant/stream/torn_lines_cut")
        logger.warning("Cut a torn last line of %d bytes from %s", size - keep, self.path)

    def _replay_unrecorded(self) -> None:
        text = self.state.store.get_meta(self._offset_key)
        recorded = _offset(text)
        size = self.path.stat().st_size
        if recorded is None:
            recorded = 0
            self.stats.inc_value("levant/stream/offset_repaired")
            logger.warning(
                "The recorded length %r of the stream %s is not a length; replaying it all",
                text,
                self.path,
            )
        elif recorded > size:
            logger.warning("The stream %s is shorter than recorded; not replaying", self.path)
            recorded = size
        replayed = 0
        with self.path.open("rb") as stream:
            stream.seek(recorded)
            for number, line in enumerate(stream, 1):
                try:
                    record = json.loads(line)
                    _check_record(record)
                except ValueError:
                    self.stats.inc_value("levant/stream/unreadable_lines")
                    logger.warning(
                        "Unreadable line %d after offset %d of %s", number, recorded, self.path
                    )
                    continue
                store = self.state.store
                state = store.lookup(record["url"], record.get("post_id"))
                if (
                    state is None
                    or state.content_hash != record["content_hash"]
                    or state.url != record["url"]
                ):
                    related = record.get("related_urls") or []
                    moved = state.url if state is not None and state.url != record["url"] else None
                    store.record_export(_state_from_record(record, state), {}, related, moved)
                    replayed += 1
        self.state.store.set_meta(self._offset_key, str(size))
        if replayed:
            self.stats.inc_value("levant/stream/replayed", replayed)
            logger.warning(
                "Recorded %d stream lines the last run wrote but did not record", replayed
            )


_STORE_ID = "store_id"


def _read_owner(path: Path) -> dict[str, Any]:
    """The owner record of a stream; ``{}`` when there is none (or it is unreadable)."""
    try:
        owner = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return owner if isinstance(owner, dict) else {}


def _offset(text: str | None) -> int | None:
    """A recorded stream length: ``0`` when none, ``None`` when it is not a length."""
    if text is None:
        return 0
    try:
        value = int(text)
    except ValueError:
        return None
    return value if value >= 0 else None


def _check_record(record: Any) -> None:
    """``ValueError`` unless *record* is a stream record (what replay reads of it)."""
    if not (
        isinstance(record, dict)
        and isinstance(record.get("url"), str)
        and isinstance(record.get("content_hash"), str)
        and isinstance(record.get("crawled_at"), str)
        and isinstance(record.get("version", 1), int)
        and isinstance(related := record.get("related_urls") or [], list)
        and all(isinstance(url, str) for url in related)
    ):
        raise ValueError("not a stream record")


def stream_path(pattern: str) -> str:
    """``LEVANT_STREAM_PATH`` with ``{host}`` and ``{pid}`` replaced by this process's.

    >>> import os
    >>> stream_path("data/{pid}.jsonl") == f"data/{os.getpid()}.jsonl"
    True
    """
    if "{host}" not in pattern and "{pid}" not in pattern:
        return pattern
    from levant.cluster import host_name

    return pattern.replace("{host}", host_name()).replace("{pid}", str(os.getpid()))


def _state_from_record(record: dict[str, Any], previous: ArticleState | None) -> ArticleState:
    return ArticleState(
        url=record["url"],
        post_id=record.get("post_id"),
        content_hash=record["content_hash"],
        published_at=record.get("published_at"),
        first_seen=previous.first_seen if previous else record["crawled_at"],
        last_seen=record["crawled_at"],
        version=record.get("version", 1),
    )


def _whole_lines_length(path: Path, size: int) -> int:
    """Length of the file up to and including its last newline (``size`` if it ends in one)."""
    with path.open("rb") as stream:
        position = size
        while position > 0:
            start = max(0, position - 65536)
            stream.seek(start)
            chunk = stream.read(position - start)
            found = chunk.rfind(b"\n")
            if found >= 0:
                return start + found + 1
            position = start
    return 0
