"""levant's own signals: how the spider hands what it learns about articles to the one
component that writes their state (:class:`levant.pipelines.record.RecordPipeline`).

The spider reads the seen-store and never writes it; it sends these instead, with
``crawler.signals.send_catch_log(signal, ...)``:

- :data:`article_not_modified` (``url``): a conditional request answered 304; the
  article is still there, unchanged (its ``last_seen`` is touched).
- :data:`article_gone` (``url``): an article link answered 404 or 410; it leaves the
  frontier of pending links (now, and again when the crawl ends, in case a later
  article linked it again).
- :data:`run_bookmark` (``key``, ``value``): where the next run starts from (the
  newest ``modified_gmt`` of a WordPress API read to its end); the crawl state keeps it
  in the store's bookkeeping if this run finishes (``finished``).
"""

from __future__ import annotations

article_not_modified = object()
article_gone = object()
run_bookmark = object()
