"""Command line of the offline mirror.

    python -m levant_dev.mirror --port 8090 --articles 300 --seed 1     # serve on 127.0.0.1
    python -m levant_dev.mirror --truth --articles 300 --seed 1         # print the ground truth
    python -m levant_dev.mirror --js ...     # also JavaScript-only pages (see levant_dev.mirror.js)
    python -m levant_dev.mirror --theme b ...   # another theme (levant_dev.mirror.theme_b)
    python -m levant_dev.mirror --fail-articles 503 ...   # every article page answers 503
    python -m levant_dev.mirror --api ...      # WordPress's REST API and core sitemaps
    python -m levant_dev.mirror --epoch-seconds 10 ...    # live: a new epoch every 10 s
    python -m levant_dev.mirror --trap fanout ...   # one crawler trap (levant_dev.mirror.traps)

The server binds 127.0.0.1 only. ``--port 0`` picks a free port; the first line on
stdout is always ``Serving <base URL>`` once the port is open.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from datetime import datetime, timedelta

from levant_dev.mirror.content import SITE_TZ, MirrorConfig, SiteModel, build_site
from levant_dev.mirror.live import Timeline, site_at
from levant_dev.mirror.traps import TRAPS
from levant_dev.mirror.truth import iter_truth


def _anchor(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=SITE_TZ)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m levant_dev.mirror",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--port", type=int, default=8090, help="port on 127.0.0.1 (0: any free)")
    parser.add_argument("--articles", type=int, default=300, help="articles at epoch 0")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated content")
    parser.add_argument("--epoch", type=int, default=0, help="serve the site after N steps")
    parser.add_argument("--new-per-epoch", type=int, default=20)
    parser.add_argument("--edits-per-epoch", type=int, default=5)
    parser.add_argument(
        "--anchor",
        type=_anchor,
        default=None,
        help="the present, ISO 8601 (default: now, to the hour)",
    )
    parser.add_argument("--truth", action="store_true", help="print the ground truth as JSONL")
    parser.add_argument(
        "--faults",
        action="store_true",
        help="also serve broken and hostile pages (levant_dev.mirror.faults)",
    )
    parser.add_argument(
        "--decoy-port",
        type=int,
        default=9,
        help="with --faults: the 127.0.0.1 port that hostile links and redirects point at",
    )
    parser.add_argument(
        "--trap",
        choices=TRAPS,
        default=None,
        help="also serve one crawler trap in a section of its own (levant_dev.mirror.traps)",
    )
    parser.add_argument(
        "--js",
        action="store_true",
        help="serve JavaScript-only pages: a 'load more' section, script-filled bodies",
    )
    parser.add_argument(
        "--theme",
        choices=("a", "b"),
        default="a",
        help="b: the same content under another theme (levant_dev.mirror.theme_b)",
    )
    parser.add_argument(
        "--fail-articles",
        type=int,
        default=None,
        metavar="STATUS",
        help="every article page answers this HTTP status (e.g. 503)",
    )
    parser.add_argument(
        "--api",
        action="store_true",
        help="serve WordPress's REST API (/wp-json/, ?rest_route=) and core sitemaps",
    )
    parser.add_argument(
        "--epoch-seconds",
        type=float,
        default=None,
        metavar="S",
        help="live mode: the epoch advances every S seconds of wall-clock time",
    )
    parser.add_argument(
        "--live-start",
        type=_anchor,
        default=None,
        help="live mode: the moment of epoch 0, ISO 8601 (default: start less --epoch periods)",
    )
    parser.add_argument(
        "--base-url",
        default=None,
        help="base URL printed by --truth (default http://127.0.0.1:PORT/)",
    )
    parser.add_argument(
        "--access-log", default=None, help="append every request to this JSONL file"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    config = MirrorConfig(
        articles=args.articles, seed=args.seed, epoch=args.epoch,
        new_per_epoch=args.new_per_epoch, edits_per_epoch=args.edits_per_epoch, js=args.js,
        faults=args.faults, decoy_port=args.decoy_port,
        trap=args.trap, theme=args.theme, fail_articles=args.fail_articles, api=args.api,
        epoch_seconds=args.epoch_seconds, live_start=args.live_start,
        **({"anchor": args.anchor} if args.anchor else {}),
    )  # fmt: skip
    if args.epoch_seconds is not None and args.epoch_seconds <= 0:
        print("--epoch-seconds must be positive", file=sys.stderr)
        return 2
    if args.truth:
        site = _truth_site(config)
        if site is None:
            print("--truth with --epoch-seconds needs --live-start", file=sys.stderr)
            return 2
        base = args.base_url or f"http://127.0.0.1:{args.port}/"
        for record in iter_truth(site, base):
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        return 0
    if config.epoch_seconds:  # live: epoch 0 is --epoch periods ago, unless told
        start = config.live_start or datetime.now(SITE_TZ) - timedelta(
            seconds=config.epoch * config.epoch_seconds
        )
        config = replace(config, epoch=0, live_start=start)
    return _serve(build_site(config), args)


def _truth_site(config: MirrorConfig) -> SiteModel | None:
    """The site at ``config.epoch``: fixed steps, or live ones (``--epoch-seconds``)."""
    if not config.epoch_seconds:
        return build_site(config)
    if config.live_start is None:
        return None
    site = build_site(replace(config, epoch=0))
    return site_at(site, Timeline(config.live_start, config.epoch_seconds), config.epoch)


def _serve(site: SiteModel, args: argparse.Namespace) -> int:
    from twisted.internet import reactor
    from twisted.web.resource import Resource
    from twisted.web.server import Site

    from levant_dev.mirror.server import MirrorResource

    log = open(args.access_log, "a", encoding="utf-8") if args.access_log else None  # noqa: SIM115
    factory = Site(Resource())  # the real resource needs the port, known after listening
    port = reactor.listenTCP(args.port, factory, interface="127.0.0.1")  # type: ignore[attr-defined]
    base = f"http://127.0.0.1:{port.getHost().port}/"
    factory.displayTracebacks = False
    factory.noisy = False
    resource = MirrorResource(site, args.base_url or base, access_log=log)
    factory.resource = resource
    live = ""
    if resource.live is not None:
        resource.live.sync(resource.clock())
        start = resource.live.timeline.start.isoformat()
        live = f"; live from {start}, an epoch every {site.config.epoch_seconds:g} s"
    epoch = resource.live.epoch if resource.live else site.config.epoch
    print(f"Serving {base} ({len(site.articles)} articles, epoch {epoch}{live})", flush=True)
    reactor.run()  # type: ignore[attr-defined]
    return 0


if __name__ == "__main__":
    sys.exit(main())
