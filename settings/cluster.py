"""Many workers, one crawl: scrapy-redis's shared queue and a Redis seen-store.

Start any number of ``scrapy crawl levant`` processes, on any machines, with
``SCRAPY_SETTINGS_MODULE=settings.cluster`` and the same ``REDIS_URL`` in their
environment (default ``redis://127.0.0.1:6379/0``). Every worker takes requests
from one queue in Redis, filters them against one set of canonical fingerprints,
claims each article in one seen-store before exporting it, and appends its
records to a stream file of its own; ``python -m levant merge`` joins the files.
See ``docs/cluster.md``.
"""

import os

from settings.base import *  # noqa: F403

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")

# The shared queue and duplicate filter (levant.cluster): the requests a worker is
# processing stay in Redis until done, so a killed worker loses nothing, and a
# worker closes only once no worker can add requests any more.
SCHEDULER = "levant.cluster.scheduler.ClusterScheduler"
SCHEDULER_QUEUE_CLASS = "scrapy_redis.queue.PriorityQueue"
SCHEDULER_PERSIST = True  # kept while workers stop and start; emptied when the crawl ends
DUPEFILTER_CLASS = "levant.cluster.dupefilter.ClusterDupeFilter"
REQUEST_FINGERPRINTER_CLASS = "levant.fingerprint.CanonicalRequestFingerprinter"
LEVANT_CLUSTER_HEARTBEAT_TTL = 30  # seconds without a heartbeat before a worker counts as dead
LEVANT_CLUSTER_POLL = 0.5  # seconds between two looks at the queue by an idle worker

# One seen-store for all (atomic claims: each article exported by one worker).
LEVANT_STATE_URI = os.environ.get("LEVANT_STATE_URI") or (
    REDIS_URL + ("&" if "?" in REDIS_URL else "?") + "prefix=levant"
)
# Each worker appends to a stream file of its own, named after its host and PID, in
# $LEVANT_DATA_DIR (a Scrapyd node's data directory) or data/cluster/.
LEVANT_DATA_DIR = os.environ.get("LEVANT_DATA_DIR") or "data/cluster"
LEVANT_STREAM_PATH = os.environ.get("LEVANT_STREAM_PATH") or (
    LEVANT_DATA_DIR + "/stream/{host}-{pid}.jsonl"
)
LEVANT_REPORT_DIR = LEVANT_DATA_DIR + "/reports"  # each worker's run report
# Several workers share the store on purpose: no job lock.
LEVANT_LOCK_ENABLED = False
# A worker holds no article back for its read-also pages (another worker may fetch
# them, and a killed worker's held articles would be lost): links are exported in
# their canonical form, resolved only when the seen-store already knows their post.
LEVANT_HOLD_FOR_READ_ALSO = False
