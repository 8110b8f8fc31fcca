"""Item pipelines, in the order they run (``ITEM_PIPELINES``):

1. :mod:`levant.pipelines.validate` — drop records without a title or a body.
2. :mod:`levant.pipelines.dates` — normalise dates to ISO 8601.
3. :mod:`levant.pipelines.dedup` — one record per canonical URL, within and across runs.
"""
