"""Scrapyd jobs: the live site, with state and stream in a persistent data directory.

The egg's ``scrapy.settings`` entry point names this module, so every job that
Scrapyd runs uses it. Layout of the data directory (``LEVANT_DATA_DIR`` in the
environment of Scrapyd, else ``levant/`` in Scrapyd's working directory; see
:mod:`levant.deploy`)::

    state.db            the seen-store (LEVANT_STATE_URI)
    state.db.lock       held by the running job (levant.joblock; one job at a time)
    stream.jsonl        every exported record of every job, appended (LEVANT_STREAM_PATH)
    jobs/<job>.jsonl    what one job exported (Scrapyd's job ID)

Spider arguments (``mode``, ``sections``, ``since``, ``base_url``, ``discover``) are
``schedule.json`` parameters; a setting is a ``setting=NAME=value`` parameter.
Keep Scrapyd's ``items_dir`` empty: it would replace the per-job feed below.
"""

from levant.deploy import data_dir
from settings.base import *  # noqa: F403

LEVANT_DATA_DIR = str(data_dir())
_DATA = LEVANT_DATA_DIR.replace("%", "%%")  # feed URIs are %-formatted

LEVANT_STATE_URI = f"sqlite:///{LEVANT_DATA_DIR}/state.db"
LEVANT_STREAM_PATH = f"{LEVANT_DATA_DIR}/stream.jsonl"

FEEDS = {
    f"{_DATA}/jobs/%(job)s.jsonl": {"format": "jsonlines", "encoding": "utf-8"},
}
FEED_URI_PARAMS = "levant.deploy.feed_uri_params"

# One job at a time on this data directory (levant.joblock, on in settings.base): a job
# started while another runs stops at once with finish reason "locked"; set
# LEVANT_LOCK_WAIT to make it wait instead.

LEVANT_REPORT_DIR = f"{LEVANT_DATA_DIR}/reports"
# No job runs forever by accident: a crawl stops after 6 hours (finish reason
# closespider_timeout, which the monitors report); mode=watch has no limit, and the
# scheduled recrawl asks for 25 minutes (deploy/schedule-recrawl).
CLOSESPIDER_TIMEOUT = 6 * 3600

LOG_LEVEL = "INFO"
# Monitors (settings.base) run at the end of every job; reports land in reports/.
