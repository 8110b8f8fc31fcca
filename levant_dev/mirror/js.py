"""JavaScript-only pages of the mirror, served with ``--js``.

News themes load parts of a site by script. With ``MirrorConfig(js=True)`` the
mirror serves two such parts, so a crawler must render pages in a browser to
see everything, and can be checked to render *only* those pages:

- the ``opinion`` section lists its first ``STATIC_ENTRIES`` articles in the HTML,
  then a ``<button class="load-more">`` whose script fetches the rest, a chunk per
  click, from ``/wp-json/levant/v1/more/?section=opinion&offset=N`` (JSON) and
  appends them. There is no ``/page/2/``. The later articles (``js == "listing"``)
  are linked from nowhere else: not on the home page, in sidebars, teasers or
  any article's "read also" line;
- about ``BODY_SHARE`` of the other articles (``js == "body"``) have an empty
  ``.entry-content``; an inline script fills it a moment after the page loads.

The truth (``--truth --js``) marks these articles with their ``js`` kind.
"""

from __future__ import annotations

import json
import random
from typing import Any

from levant_dev.mirror import pages
from levant_dev.mirror.model import MirrorArticle, SiteModel

JS_SECTION = "opinion"
STATIC_ENTRIES = 10
CHUNK = 10
BODY_SHARE = 0.03
MORE_PATH = "/wp-json/levant/v1/more/"

_LOAD_MORE_SCRIPT = """<script>
document.addEventListener("click", function (event) {
  var button = event.target.closest("button.load-more");
  if (!button || button.disabled) { return; }
  button.disabled = true;
  fetch(button.dataset.endpoint + "&offset=" + button.dataset.offset)
    .then(function (response) { return response.json(); })
    .then(function (data) {
      document.querySelector(".posts-list").insertAdjacentHTML("beforeend", data.html);
      if (data.next === null) { button.remove(); }
      else { button.dataset.offset = data.next; button.disabled = false; }
    });
});
</script>
"""

_BODY_SCRIPT = """<script>
(function () {
  var body = %s;
  window.addEventListener("load", function () {
    setTimeout(function () {
      document.querySelector("article .entry-content").innerHTML = body;
    }, 30);
  });
})();
</script>
"""


def apply_js(site: SiteModel) -> None:
    """Mark the script-listed and script-filled articles; unlink the script-listed ones."""
    section = site.listed(JS_SECTION)
    hidden = {a.post_id for a in section[STATIC_ENTRIES:]}
    for article in section[STATIC_ENTRIES:]:
        article.js = "listing"
    for article in site.articles:
        article.related = [pid for pid in article.related if pid not in hidden]
    rng = random.Random(site.config.seed + 101)
    candidates = [
        a
        for a in site.articles
        if a.js is None and a.fixed_key is None and a.post_id != site.error_once_post_id
    ]
    count = min(len(candidates), max(1, round(BODY_SHARE * len(site.articles))))
    for article in rng.sample(candidates, count):
        article.js = "body"


def is_js_section(site: SiteModel, slug: str) -> bool:
    return site.config.js and slug == JS_SECTION


def listing_page(site: SiteModel, base: str, slug: str) -> str:
    """The section's only page: its first entries, then the "load more" button."""
    section = next(s for s in site.sections if s.slug == slug)
    entries = site.listed(slug)
    url = f"{base}category/{slug}/page/{{n}}/"
    html = pages.listing_page(site, base, section.name, entries[:STATIC_ENTRIES], 1, 1, url)
    if len(entries) <= STATIC_ENTRIES:
        return html
    endpoint = f"{base}{MORE_PATH.lstrip('/')}?section={slug}"
    button = (
        f'<button class="load-more" type="button" data-endpoint="{endpoint}" '
        f'data-offset="{STATIC_ENTRIES}">المزيد من المقالات</button>\n'
    )
    marker = '</div>\n<nav class="pagination">'
    return html.replace(marker, "</div>\n" + button + _LOAD_MORE_SCRIPT + marker[7:], 1)


def more_entries(site: SiteModel, base: str, slug: str, offset: int) -> dict[str, Any] | None:
    """The JSON a "load more" click fetches: entries' HTML and the next offset (or null)."""
    if not is_js_section(site, slug) or offset < STATIC_ENTRIES:
        return None
    entries = site.listed(slug)
    chunk = entries[offset : offset + CHUNK]
    if not chunk:
        return None
    following = offset + CHUNK
    return {
        "html": "\n".join(pages.listing_items(site, base, chunk)),
        "next": following if following < len(entries) else None,
    }


def article_page(site: SiteModel, base: str, article: MirrorArticle) -> str:
    """The article with an empty ``.entry-content`` that an inline script fills."""
    html = pages.article_page(site, base, article)
    body = pages.body_html(site, base, article)
    static = f'<div class="entry-content">\n{body}\n</div>\n'
    payload = json.dumps(body, ensure_ascii=False).replace("</", "<\\/")
    return html.replace(static, '<div class="entry-content"></div>\n' + _BODY_SCRIPT % payload, 1)
