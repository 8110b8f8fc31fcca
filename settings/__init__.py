"""Settings profiles of the levant project; pick one with SCRAPY_SETTINGS_MODULE.

- ``settings.base`` — the live site (the default in ``scrapy.cfg``).
- ``settings.demo`` — the offline mirror on 127.0.0.1:8090, no throttling (in a
  checkout only: the egg leaves it out, see ``setup.py``).
- ``settings.production`` — Scrapyd jobs (the egg's entry point).
- ``settings.cluster`` — many workers on one Redis (``docs/cluster.md``).
"""
