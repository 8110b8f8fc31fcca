"""The offline mirror on 127.0.0.1: no throttling, state kept apart from the live site's."""

from settings.base import *  # noqa: F403

LEVANT_BASE_URL = "http://127.0.0.1:8090/"
LEVANT_ALLOW_PRIVATE_BASE_URL = True  # the mirror is on 127.0.0.1
LEVANT_STATE_URI = "sqlite:///data/demo/state.db"
LEVANT_STREAM_PATH = "data/demo/stream.jsonl"

AUTOTHROTTLE_ENABLED = False
DOWNLOAD_DELAY = 0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 16
