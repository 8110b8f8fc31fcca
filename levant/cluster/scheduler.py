"""The cluster's scheduler: scrapy-redis's shared queue, with nothing lost and a common end.

``SCHEDULER = "levant.cluster.scheduler.ClusterScheduler"`` (``settings.cluster``).
Every worker pushes the requests it finds into one Redis priority queue
(``SCHEDULER_QUEUE_KEY``, default ``<spider>:requests``; filtered by
``DUPEFILTER_CLASS``, :class:`levant.cluster.dupefilter.ClusterDupeFilter`) and
takes its next request from there. On top of scrapy-redis's scheduler:

- **A killed worker loses nothing.** Taking a request moves it, in one Lua
  script, from the queue into the worker's *in-flight* hash
  (``<queue key>:inflight:<worker>``); it leaves that hash once the engine is done
  with it (downloaded, the callback's requests queued, its items through the
  pipelines). Each worker refreshes ``<queue key>:alive:<worker>`` every
  heartbeat; when a worker's key expires (``LEVANT_CLUSTER_HEARTBEAT_TTL``
  seconds after it stopped), the next worker to look puts its in-flight requests
  back in the queue (``levant/cluster/requeued``). A request may so be fetched
  twice; the seen-store's claims keep its article exported once.
- **Workers end together.** A worker has pending requests while the queue is not
  empty *or another live worker still has requests in flight* (they may queue
  more), so no worker closes while the crawl can still grow; an idle worker looks
  again every ``LEVANT_CLUSTER_POLL`` seconds.
- **Scrapy's order.** Requests of a higher ``priority`` first and, within one
  priority, the newest first (Scrapy's default, depth-first order), where
  scrapy-redis's queue would order equal priorities by their serialised bytes,
  that is by URL (every ``/article/`` before any ``/category/`` page: the
  listings, which feed the queue, would wait behind all the articles).
- **One crawl at a time.** The queue and the fingerprints outlive stopped workers
  (resume by starting them again); when the crawl finishes (the queue empty, no
  worker busy), they are emptied, so the next crawl starts afresh.

The heartbeat also keeps the worker's seen-store claims alive
(:meth:`levant.state.redis.RedisSeenStore.heartbeat`), before its own key, so a
dead worker's claims have expired by the time its requests come back.

**Redis gone mid-crawl** (a connection refused or reset, a timeout) stops the
worker cleanly: one ERROR line naming the Redis and what the scheduler was doing,
``levant/cluster/redis_unavailable`` = 1, finish reason ``state_unavailable`` (the
seen-store's own reason for a store it cannot reach; when the seen-store noticed
first, its line is the one). From then on the scheduler does not ask Redis again:
it queues nothing (``levant/cluster/not_queued/redis_unavailable`` counts the
requests found after the failure), hands out nothing, and leaves its requests in
flight in its in-flight hash, where another worker takes them over once this
worker's heartbeat has expired.

Only scrapy-redis's ``PriorityQueue`` (the default ``SCHEDULER_QUEUE_CLASS``) is
supported. Scrapy offers no signal for "request done", so completion is read from
the engine's set of requests in progress, through :class:`levant.compat.EngineProgress`
(the one place that knows where Scrapy keeps it, with a version check).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import NotConfigured
from scrapy.utils.misc import build_from_crawler, load_object
from scrapy.utils.request import request_from_dict
from scrapy_redis.scheduler import Scheduler

from levant.cluster import worker_name
from levant.cluster.dupefilter import ClusterDupeFilter
from levant.compat import EngineProgress
from levant.config import default

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

DEFAULT_QUEUE_KEY = "%(spider)s:requests"
DEFAULT_QUEUE_CLASS = "scrapy_redis.queue.PriorityQueue"
STAT_REQUEUED = "levant/cluster/requeued"
STAT_UNAVAILABLE = "levant/cluster/redis_unavailable"
STAT_NOT_QUEUED = "levant/cluster/not_queued/redis_unavailable"
#: The finish reason of a crawl whose Redis went away (the seen-store's own).
REASON_UNAVAILABLE = "state_unavailable"

# KEYS: queue, sequence counter, fingerprints set; ARGV: priority, request, fingerprint
# ("" for a request not to filter). Higher priorities first; within one, the newest first
# (Scrapy's default order: a listing's next page before its articles). Marking the request
# seen and queueing it is one step: a worker killed between the two would lose it.
_PUSH = """
if ARGV[3] ~= '' and redis.call('SADD', KEYS[3], ARGV[3]) == 0 then return 0 end
local seq = redis.call('INCR', KEYS[2])
redis.call('ZADD', KEYS[1], -tonumber(ARGV[1]) * 1e13 - seq, ARGV[2])
return 1
"""
# KEYS: queue, in-flight hash, workers set; ARGV: worker. Returns {request, score} or nil.
_TAKE = """
local r = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #r == 0 then return false end
redis.call('ZREM', KEYS[1], r[1])
redis.call('HSET', KEYS[2], r[1], r[2])
redis.call('SADD', KEYS[3], ARGV[1])
return r
"""
# KEYS: queue, workers set; ARGV: worker, queue key. Requeues dead workers' requests;
# returns {1 if another live worker has requests in flight, number requeued}.
_SURVEY = """
local busy, requeued = 0, 0
for _, w in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  if w ~= ARGV[1] then
    local inflight = ARGV[2] .. ':inflight:' .. w
    if redis.call('EXISTS', ARGV[2] .. ':alive:' .. w) == 0 then
      local entries = redis.call('HGETALL', inflight)
      for i = 1, #entries, 2 do
        redis.call('ZADD', KEYS[1], entries[i + 1], entries[i])
        requeued = requeued + 1
      end
      redis.call('DEL', inflight)
      redis.call('SREM', KEYS[2], w)
    elseif redis.call('HLEN', inflight) > 0 then
      busy = 1
    end
  end
end
return {busy, requeued}
"""
# KEYS: alive key, workers set; ARGV: worker, ttl (ms).
_BEAT = """
redis.call('SET', KEYS[1], '1', 'PX', ARGV[2])
redis.call('SADD', KEYS[2], ARGV[1])
"""


class ClusterScheduler(Scheduler):
    """scrapy-redis's :class:`~scrapy_redis.scheduler.Scheduler`, for workers that come and go."""

    def __init__(
        self,
        server: Any,  # redis.Redis
        *,
        crawler: Crawler | None = None,
        worker: str | None = None,
        heartbeat_ttl: float = 30.0,
        poll: float = 0.5,
        where: str = "Redis",
        **kwargs: Any,
    ) -> None:
        from redis.exceptions import ConnectionError, TimeoutError

        super().__init__(server, **kwargs)
        self.crawler = crawler
        self.worker = worker or worker_name()
        self.heartbeat_ttl = heartbeat_ttl
        self.poll = poll
        self.where = where  # the Redis, for messages (no credentials)
        #: Why Redis is no longer asked (``None`` while it answers).
        self.unavailable: str | None = None
        self._redis_down = (ConnectionError, TimeoutError)  # TimeoutError: redis-py's own
        self._taken: dict[int, tuple[Request, bytes, bytes]] = {}  # id -> request, data, score
        self._waiting = False
        self._loop: Any = None
        self._progress: EngineProgress | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        from scrapy_redis.connection import get_redis_from_settings

        from levant.state.redis import redacted_url

        EngineProgress.check()
        settings = crawler.settings
        queue_cls = settings.get("SCHEDULER_QUEUE_CLASS") or DEFAULT_QUEUE_CLASS
        if not issubclass(load_object(queue_cls), load_object(DEFAULT_QUEUE_CLASS)):
            raise NotConfigured(
                f"ClusterScheduler needs SCHEDULER_QUEUE_CLASS = {DEFAULT_QUEUE_CLASS!r},"
                f" not {queue_cls!r}"
            )
        ttl = settings.getfloat(
            "LEVANT_CLUSTER_HEARTBEAT_TTL", default("LEVANT_CLUSTER_HEARTBEAT_TTL")
        )
        poll = settings.getfloat("LEVANT_CLUSTER_POLL", default("LEVANT_CLUSTER_POLL"))
        if ttl <= 0 or poll <= 0:
            raise ValueError("LEVANT_CLUSTER_HEARTBEAT_TTL and LEVANT_CLUSTER_POLL must be > 0")
        serializer = settings.get("SCHEDULER_SERIALIZER")
        server = get_redis_from_settings(settings)
        where = redacted_url(settings.get("REDIS_URL") or "redis://127.0.0.1:6379/0")
        try:
            server.ping()
        except Exception as exc:  # redis.ConnectionError, AuthenticationError, ...
            raise ConnectionError(f"cannot reach the cluster's Redis at {where}: {exc}") from exc
        dupefilter = build_from_crawler(load_object(settings["DUPEFILTER_CLASS"]), crawler)
        scheduler = cls(
            server,
            crawler=crawler,
            worker=settings.get("LEVANT_CLUSTER_WORKER") or None,
            heartbeat_ttl=ttl,
            poll=poll,
            where=where,
            persist=settings.getbool("SCHEDULER_PERSIST", True),
            flush_on_start=settings.getbool("SCHEDULER_FLUSH_ON_START"),
            queue_key=settings.get("SCHEDULER_QUEUE_KEY") or DEFAULT_QUEUE_KEY,
            queue_cls=queue_cls,
            dupefilter=dupefilter,
            serializer=load_object(serializer) if isinstance(serializer, str) else serializer,
        )
        scheduler.stats = crawler.stats
        return scheduler

    # -- the engine's interface -------------------------------------------------

    def open(self, spider: Spider) -> None:
        from twisted.internet.task import LoopingCall

        engine = self._engine()
        if engine is not None:
            self._progress = EngineProgress(engine)
        self.spider = spider
        self.queue = load_object(self.queue_cls)(
            server=self.server,
            spider=spider,
            key=self.queue_key % {"spider": spider.name},
            serializer=self.serializer,
        )
        if self.flush_on_start:
            self.flush()
        self._push = self.server.register_script(_PUSH)
        self._take = self.server.register_script(_TAKE)
        self._survey = self.server.register_script(_SURVEY)
        self._beat_script = self.server.register_script(_BEAT)
        self.beat()
        if engine is not None:  # built outside a crawl (tests), the owner calls beat() itself
            self._loop = LoopingCall(self._tick)
            self._loop.start(min(self.poll, self.heartbeat_ttl / 3), now=False)
        logger.info(
            "Cluster worker %(worker)s: queue %(queue)s, %(queued)d requests waiting",
            {"worker": self.worker, "queue": self.queue.key, "queued": len(self.queue)},
        )

    def close(self, reason: str) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        if self.unavailable is None:
            try:
                self._close(reason)
            except self._redis_down as error:
                self._redis_gone("closing", error)
        if self.unavailable is not None and self._taken:
            logger.info(
                "%(n)d requests in flight stay in %(key)s; a live worker requeues them once"
                " this worker's heartbeat has expired (LEVANT_CLUSTER_HEARTBEAT_TTL)",
                {"n": len(self._taken), "key": self._inflight_key},
            )
            self._taken.clear()

    def _close(self, reason: str) -> None:
        if reason == "finished":
            self._settle()
        if self._taken:  # stopped (not finished): what may not be done goes back to the queue
            pipe = self.server.pipeline(transaction=True)
            for _, data, score in self._taken.values():
                pipe.zadd(self.queue.key, {data: float(score)})
                pipe.hdel(self._inflight_key, data)
            pipe.execute()
            self._taken.clear()
        pipe = self.server.pipeline(transaction=True)
        pipe.delete(self._key("alive", self.worker))
        pipe.srem(self._workers_key, self.worker)
        pipe.execute()
        if (reason == "finished" or not self.persist) and self.cluster_idle():
            self.flush()
            logger.info("The cluster's crawl is over: its queue and fingerprints are emptied")

    def enqueue_request(self, request: Request) -> bool:
        if self.unavailable is None:
            try:
                return self._enqueue(request)
            except self._redis_down as error:
                self._redis_gone("queueing a request", error)
        self._inc(STAT_NOT_QUEUED)
        return False

    def _enqueue(self, request: Request) -> bool:
        shared = isinstance(self.df, ClusterDupeFilter)
        if not request.dont_filter and not shared and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        fingerprint = "" if request.dont_filter or not shared else self.df.fingerprint(request)
        data = self.encode(request)
        keys = [self.queue.key, f"{self.queue.key}:seq", getattr(self.df, "key", "")]
        if not self._push(keys=keys, args=[request.priority, data, fingerprint]):
            self.df.log(request, self.spider)
            return False
        self._inc("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        if self.unavailable is not None:
            return None
        try:
            self._settle()
            taken = self._take(keys=[self.queue.key, self._inflight_key, self._workers_key],
                               args=[self.worker])  # fmt: skip
        except self._redis_down as error:
            self._redis_gone("taking the next request", error)
            return None
        if not taken:
            self._waiting = True
            return None
        self._waiting = False
        data, score = taken
        request = self.decode(data)
        self._taken[id(request)] = (request, data, score)
        self._inc("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        if self.unavailable is not None:
            return False
        try:
            return len(self.queue) > 0 or not self.cluster_idle()
        except self._redis_down as error:
            self._redis_gone("looking for pending requests", error)
            return False

    # -- requests in Redis --------------------------------------------------------

    def encode(self, request: Request) -> bytes:
        """*request* as stored in the queue: scrapy-redis's format (Scrapy's
        ``Request.to_dict`` through the queue's serializer, pickle by default)."""
        data: bytes = self.queue.serializer.dumps(request.to_dict(spider=self.spider))
        return data

    def decode(self, data: bytes) -> Request:
        """The request :meth:`encode` stored as *data*."""
        return request_from_dict(self.queue.serializer.loads(data), spider=self.spider)

    # -- the cluster ------------------------------------------------------------

    def cluster_idle(self) -> bool:
        """No request waits in the queue and no other live worker has one in flight.

        Requeues the in-flight requests of workers whose heartbeat stopped.
        """
        busy, requeued = self._survey(keys=[self.queue.key, self._workers_key],
                                      args=[self.worker, self.queue.key])  # fmt: skip
        if requeued:
            self._inc(STAT_REQUEUED, int(requeued))
            logger.warning(
                "A worker stopped answering; %(n)d of its requests went back to the queue"
                " (%(stat)s)",
                {"n": requeued, "stat": STAT_REQUEUED},
            )
            return False
        return not busy and len(self.queue) == 0

    def beat(self) -> None:
        """Tell the cluster this worker is alive: its claims first, then its requests."""
        store = self._store()
        if store is not None:
            store.heartbeat(self.heartbeat_ttl)
        ttl = str(max(1, int(self.heartbeat_ttl * 1000)))
        self._beat_script(
            keys=[self._key("alive", self.worker), self._workers_key], args=[self.worker, ttl]
        )

    def _tick(self) -> None:
        from levant.state import StateStoreError

        if self.unavailable is not None:
            return
        try:
            self.beat()
            self._settle()
            if self._waiting:
                self.cluster_idle()
                if self._progress is not None:
                    self._progress.wake()
        except (*self._redis_down, StateStoreError) as error:
            self._redis_gone("heartbeat", error)
        except Exception:  # a bug: the loop must go on; the engine's next call retries
            logger.exception("Cluster heartbeat of %s failed", self.worker)

    def _redis_gone(self, action: str, error: BaseException) -> None:
        """Redis stopped answering: say so once, stop asking it, stop the crawl."""
        if self.unavailable is not None:
            return
        self.unavailable = f"{action}: {error}"
        self._inc(STAT_UNAVAILABLE)
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        message = (
            f"The cluster's Redis at {self.where} stopped answering worker {self.worker}"
            f" ({self.unavailable})"
        )
        state = self._crawl_state()
        if state is not None:  # one ERROR line for the crawl, whichever part noticed first
            state.fail(REASON_UNAVAILABLE, message)
            return
        logger.error("%s; stopping the crawl (%s)", message, REASON_UNAVAILABLE)
        engine = self._engine()
        if engine is not None and engine.spider is not None:
            from scrapy.utils.defer import deferred_from_coro

            deferred_from_coro(engine.close_spider_async(reason=REASON_UNAVAILABLE))

    def _settle(self) -> None:
        """Take requests the engine is done with out of this worker's in-flight hash."""
        in_progress = self._progress.requests() if self._progress is not None else None
        if in_progress is None or not self._taken:
            return
        done = [key for key, (request, _, _) in self._taken.items() if request not in in_progress]
        if done:
            self.server.hdel(self._inflight_key, *(self._taken.pop(key)[1] for key in done))

    def _engine(self) -> Any:
        try:
            return self.crawler.engine if self.crawler is not None else None
        except RuntimeError:  # Scrapy 2.19: "Crawler.engine is not set yet" outside a crawl
            return None

    def _crawl_state(self) -> Any:
        if self.crawler is None:
            return None
        from levant.state.crawl import crawl_state

        try:
            return crawl_state(self.crawler)
        except (NotConfigured, AttributeError):  # no CrawlState, or no extensions yet
            return None

    def _store(self) -> Any:
        state = self._crawl_state()
        if state is None:
            return None
        try:
            store = state.store
        except (NotConfigured, RuntimeError):  # not open (yet)
            return None
        return store if hasattr(store, "heartbeat") else None

    def _inc(self, key: str, count: int = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(key, count)

    def _key(self, kind: str, worker: str) -> str:
        return f"{self.queue.key}:{kind}:{worker}"

    @property
    def _inflight_key(self) -> str:
        return self._key("inflight", self.worker)

    @property
    def _workers_key(self) -> str:
        return f"{self.queue.key}:workers"
