"""Item pipelines, in the order they run (``ITEM_PIPELINES``):

1. :mod:`levant.pipelines.validate` — drop records without a title or a body.
2. :mod:`levant.pipelines.dates` — normalise dates to ISO 8601.
3. :mod:`levant.monitors.validation` — every record against the JSON Schema.
4. :mod:`levant.pipelines.record` — the one writer of articles' state: one record per
   article and version (the rules of :mod:`levant.pipelines.dedup`), the stream line
   (:mod:`levant.pipelines.stream`), the seen-store.
"""
