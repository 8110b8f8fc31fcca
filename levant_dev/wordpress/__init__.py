"""A real WordPress for the tests and benchmarks (development only, not in the egg).

Debian's ``wordpress`` package with MariaDB and PHP's server on 127.0.0.1, filled
with levant's Arabic posts (``content.py``), their expected records read back from the
database (``truth.py``); ``server.py`` starts and stops it. See
``docs/wordpress-tests.md``.
"""
