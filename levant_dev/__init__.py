"""levant's development package: the offline mirror, the demo and test-only wiring.

It lives beside ``benchmarks/`` and is not part of the runtime package: the Scrapyd egg
holds ``levant`` and ``settings`` only (``pyproject.toml``), so nothing here ships to
production.
"""
