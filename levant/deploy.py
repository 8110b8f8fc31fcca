"""What a Scrapyd job of levant needs to know about itself: where its data lives, its job ID.

:func:`data_dir` is the persistent directory of ``settings.production``: the
``LEVANT_DATA_DIR`` environment variable, else ``levant/`` in the working
directory, which for a Scrapyd job is Scrapyd's own directory (beside its
``eggs/``, ``logs/`` and ``dbs/``). The state, the shared stream and the
per-job feeds live there, so they outlive every job and every new egg.

:func:`feed_uri_params` (``FEED_URI_PARAMS``) adds ``%(job)s`` to feed URIs:
the ID Scrapyd gives the job (it passes it as the ``_job`` spider argument),
or, outside Scrapyd, the UTC start time, so the same profile also runs under a
plain ``scrapy crawl``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from scrapy import Spider

DATA_DIR_VARIABLE = "LEVANT_DATA_DIR"
DEFAULT_DATA_DIR = "levant"


def data_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """The absolute data directory: ``$LEVANT_DATA_DIR``, else ``./levant``."""
    return Path(environ.get(DATA_DIR_VARIABLE) or DEFAULT_DATA_DIR).expanduser().absolute()


def feed_uri_params(params: dict[str, Any], spider: Spider) -> dict[str, Any]:
    """Feed URI parameters plus ``job``: Scrapyd's job ID, else the start time."""
    job = getattr(spider, "_job", None) or params["time"]
    return {**params, "job": job}
