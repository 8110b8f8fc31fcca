"""Many crawling processes sharing one crawl through Redis (``settings.cluster``).

- :mod:`levant.cluster.scheduler`: scrapy-redis's scheduler, with the requests
  each worker is processing kept in Redis until done, so a killed worker's
  requests go back to the queue, and a worker that closes only once the whole
  cluster has nothing left to do;
- :mod:`levant.cluster.dupefilter`: the shared duplicate filter, over the
  project's canonical request fingerprints;
- :mod:`levant.state.redis`: the shared seen-store, with atomic claims;
- :mod:`levant.cluster.merge`: ``python -m levant merge``, the per-worker stream
  files merged into one stream in crawl order.

Nothing here imports Redis at import time.
"""

from __future__ import annotations

import os
import socket


def host_name() -> str:
    """This machine's short host name (``node1`` of ``node1.example.org``)."""
    return socket.gethostname().split(".", 1)[0] or "localhost"


def worker_name() -> str:
    """This process's name in a cluster: ``<host>-<pid>``, unique among live workers."""
    return f"{host_name()}-{os.getpid()}"
