"""Render pages in a browser (scrapy-playwright) only when their static HTML falls short.

- :mod:`levant.render.config` — :class:`RenderConfig`, every ``LEVANT_BROWSER_*`` and
  ``LEVANT_RENDER_*`` setting read and checked once (which browser, its flags, what
  it does not download);
- :mod:`levant.render.detect` — pure checks over static HTML: an article without a
  body, a listing whose "load more" control needs a script;
- :mod:`levant.render.actions` — what the browser does on a page before its HTML is
  taken: click "load more" until it is gone, wait for the body;
- :mod:`levant.render.middleware` — the decision, per request, from the spider's
  ``render`` argument (``auto``, ``never``, ``always``);
- :mod:`levant.render.handler` — scrapy-playwright's download handler with that
  browser, started on the first rendered request only;
- the wiring (download handler, middleware, asyncio reactor) is installed by
  :class:`levant.addon.Levant` and ``settings/base.py``.
"""
