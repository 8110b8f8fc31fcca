"""Settings profiles of the levant project; pick one with SCRAPY_SETTINGS_MODULE.

- ``settings.base`` — the live site (the default in ``scrapy.cfg``).
- ``settings.demo`` — the offline mirror on 127.0.0.1:8090, no throttling.
"""
