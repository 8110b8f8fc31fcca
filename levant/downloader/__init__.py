"""Downloader middlewares that keep a long-running crawl safe on a site it does not control.

- :mod:`levant.downloader.siteonly` — only the site's own host and port are ever
  requested, redirects included;
- :mod:`levant.downloader.retryafter` — 429/503 answers with ``Retry-After`` are
  retried after the delay the site asked for;
- :mod:`levant.downloader.encoding` — pages whose declared charset contradicts their
  bytes are decoded with the charset the bytes are really in.
"""
