"""Share of posts right per field, for every setup of the WordPress crawl tests.

``python -m tests.wordpress.measure [--discover sitemap] [--first 3] [--setup ID]``
starts the test WordPress, crawls it in each setup of ``test_crawl.SETUPS`` and
prints, per setup, the records exported, the posts missing, the records that are
not posts, each field's share and its first mismatches. ``--discover sitemap``
finds articles through WordPress's sitemap instead of the menu's sections, which
measures article extraction apart from listing pages.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from levant_dev.wordpress.server import missing, start_wordpress
from levant_dev.wordpress.truth import FIELDS, expected_posts, score, url_key
from tests.wordpress.crawls import crawl
from tests.wordpress.test_crawl import SETUPS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--discover", default="sections", help="the spider's discover argument")
    parser.add_argument("--first", type=int, default=3, help="mismatches shown per field")
    parser.add_argument("--setup", action="append", help="only these setups (ids), repeatable")
    options = parser.parse_args()
    reason = missing()
    if reason:
        raise SystemExit(reason)
    workdir = Path(tempfile.mkdtemp(prefix="levant-wp-measure-"))
    wordpress = start_wordpress(workdir / "wordpress")
    try:
        expected = expected_posts(wordpress.dump())
        for setup in SETUPS:
            if options.setup and setup.id not in options.setup:
                continue
            folder = workdir / setup.id
            folder.mkdir()
            result = crawl(wordpress, setup, folder, discover=options.discover)
            urls = {url_key(p.url) for p in expected}
            exported = [url_key(r["url"]) for r in result.records]
            print(f"== {setup.id} (discover={options.discover}): {len(result.records)} records, "
                  f"{len(urls - set(exported))} posts missing, "
                  f"{len(set(exported) - urls)} records not posts, "
                  f"{len(exported) - len(set(exported))} twice")  # fmt: skip
            for found in score(result.records, expected, (*FIELDS, "authors")).values():
                print(found.describe(options.first))
    finally:
        wordpress.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
