"""Fault pages for the browser (part of ``--faults``): pages that try to take Chromium off the site.

Each page has an empty ``.entry-content`` in its HTML, so ``render=auto`` sends it to
the browser. Every request these pages try points at the decoy port (``--decoy-port``;
the tests listen there on 127.0.0.1 and [::1]) under every spelling of loopback a
browser accepts (:func:`decoy_urls`), through every way a page makes requests:

- ``browser-subresources`` — stylesheets, ``@import``, scripts, iframes, objects,
  images, media, prefetch, preload and preconnect links; the body then comes by script
  (exported);
- ``browser-scripts`` — ``fetch``, XHR, beacons, EventSource, WebSockets, a worker's
  ``fetch``, ``window.open`` popups; the body then comes by script (exported);
- ``browser-redirect`` — a script, an iframe and a stylesheet on the site whose answer
  is a 302 to the decoy (exported);
- ``browser-navigate``, ``browser-meta-refresh``, ``browser-form`` — the page leaves
  for the decoy by ``location``, ``<meta http-equiv=refresh>`` or a form post (refused:
  never exported, under the decoy's URL or Chromium's error page);
- ``browser-redirect-document`` — the browser (not the static fetch) is answered
  with a 302 to the decoy (refused);
- ``browser-busy`` — ``setTimeout(() => { while (true) {} })`` after load (dropped:
  the render budget closes it);
- ``browser-huge-dom`` — a script builds a DOM of 3 million characters (dropped: too
  large to take out of the browser).

The archive listing's "load more" button navigates to the decoy: the entries already
listed must be kept.
"""

from __future__ import annotations

import json

BODY_PARAGRAPHS = 3  # the body script inserts the fault module's three paragraphs
HOP_PATH = "/browser-hop/"  # /browser-hop/<n>: a 302 to the n-th decoy spelling


def decoy_urls(port: int) -> list[str]:
    """Every spelling of "the decoy" (loopback, port ``port``) a page can use."""
    return [
        f"http://127.0.0.1:{port}/",
        f"http://localhost:{port}/",
        f"http://localhost.:{port}/",
        f"http://127.0.0.1.:{port}/",
        f"http://127.1:{port}/",
        f"http://2130706433:{port}/",
        f"http://0x7f000001:{port}/",
        f"http://0177.0.0.1:{port}/",
        f"http://[::ffff:127.0.0.1]:{port}/",
        f"http://0.0.0.0:{port}/",
        f"http://[::1]:{port}/",
        f"//127.0.0.1:{port}/",
        f"/\\127.0.0.1:{port}/",
    ]


def _fill(paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<script>window.addEventListener('load', function () { setTimeout(function () {"
        f"document.querySelector('article .entry-content').innerHTML = {json.dumps(body)};"
        "}, 30); });</script>"
    )


def _attr(url: str) -> str:
    return url.replace("&", "&amp;").replace('"', "&quot;")


def subresources(port: int, paragraphs: list[str]) -> str:
    tags = []
    for n, url in enumerate(decoy_urls(port)):
        u = _attr(url)
        tags += [
            f'<link rel="stylesheet" href="{u}s{n}.css">',
            f'<style>@import url("{u}i{n}.css");</style>',
            f'<script src="{u}s{n}.js"></script>',
            f'<iframe src="{u}f{n}"></iframe>',
            f'<object data="{u}o{n}"></object>',
            f'<img src="{u}i{n}.png">',
            f'<video src="{u}v{n}.mp4"></video>',
            f'<link rel="prefetch" href="{u}p{n}">',
            f'<link rel="preload" as="fetch" href="{u}l{n}" crossorigin>',
            f'<link rel="preconnect" href="{u}">',
            f'<link rel="dns-prefetch" href="{u}">',
        ]
    return "".join(tags) + _fill(paragraphs)


def scripts(port: int, paragraphs: list[str]) -> str:
    urls = json.dumps(decoy_urls(port))
    code = f"""<script>
(function () {{
  var urls = {urls};
  function quiet(f) {{ try {{ f(); }} catch (e) {{}} }}
  urls.forEach(function (u, n) {{
    quiet(function () {{ fetch(u + "fetch" + n, {{mode: "no-cors"}}).catch(function () {{}}); }});
    quiet(function () {{ var x = new XMLHttpRequest(); x.open("GET", u + "xhr" + n); x.send(); }});
    quiet(function () {{ navigator.sendBeacon(u + "beacon" + n, "x"); }});
    quiet(function () {{ new EventSource(u + "events" + n); }});
    quiet(function () {{ new WebSocket(u.replace(/^http/, "ws").replace(/^\\/\\//, "ws://")
                                        .replace(/^\\/\\\\/, "ws://") + "ws" + n); }});
    quiet(function () {{ new Image().src = u + "img" + n; }});
    quiet(function () {{
      var code = "fetch(" + JSON.stringify(u + "worker" + n) + ").catch(function () {{}});";
      new Worker(URL.createObjectURL(new Blob([code], {{type: "text/javascript"}})));
    }});
    quiet(function () {{ window.open(u + "popup" + n); }});
  }});
}})();
</script>"""
    return code + _fill(paragraphs)


def redirects(port: int, paragraphs: list[str]) -> str:
    count = len(decoy_urls(port))
    tags = []
    for n in range(count):
        hop = f"{HOP_PATH}{n}"
        tags += [
            f'<script src="{hop}?as=script"></script>',
            f'<link rel="stylesheet" href="{hop}?as=style">',
            f'<iframe src="{hop}?as=frame"></iframe>',
            f'<script>fetch("{hop}?as=fetch").catch(function () {{}});</script>',
        ]
    return "".join(tags) + _fill(paragraphs)


def navigate(port: int) -> str:
    target = json.dumps(decoy_urls(port)[1] + "navigated")
    return (
        "<script>window.addEventListener('load', function () {"
        f"setTimeout(function () {{ location.href = {target}; }}, 10); }});</script>"
    )


def meta_refresh(port: int) -> str:
    return f'<meta http-equiv="refresh" content="0;url={_attr(decoy_urls(port)[4])}refresh">'


def form(port: int) -> str:
    action = _attr(decoy_urls(port)[6] + "form")
    return (
        f'<form id="f" method="post" action="{action}"><input name="a" value="1"></form>'
        "<script>window.addEventListener('load', function () {"
        "document.getElementById('f').submit(); });</script>"
    )


BUSY = "<script>window.addEventListener('load', function () { setTimeout(() => { while (true) {} }); });</script>"  # noqa: E501

HUGE_DOM = (
    "<script>window.addEventListener('load', function () {"
    "document.querySelector('article .entry-content').innerHTML = "
    "'<p>' + '\\u0643'.repeat(3000000) + '</p>'; });</script>"
)


def load_more_away(port: int) -> str:
    """A "load more" button whose script navigates to the decoy instead of loading more."""
    target = json.dumps(decoy_urls(port)[5] + "more")
    return (
        '<button class="load-more" type="button">المزيد</button>'
        "<script>document.addEventListener('click', function (e) {"
        "if (e.target.closest('button.load-more')) {"
        f"location.href = {target}; }} }});</script>"
    )


def is_browser(user_agent: str) -> bool:
    """Whether a request comes from Chromium (the static fetches name levant)."""
    return "Chrome" in user_agent
