"""The live site, crawled politely: robots.txt, AutoThrottle, a named bot.

levant's components and the default of every ``LEVANT_*`` setting come from its
add-ons (``ADDONS``): :class:`levant.addon.Levant` (the crawler's wiring and
:mod:`levant.config`) and :class:`levant.monitors.settings.MonitoringAddon` (the
monitoring defaults). A profile sets only what differs; every setting is documented
in ``docs/settings.md``.
"""

BOT_NAME = "levant"
SPIDER_MODULES = ["levant.spiders"]
NEWSPIDER_MODULE = "levant.spiders"
ADDONS = {
    "levant.addon.Levant": 0,
    "levant.monitors.settings.MonitoringAddon": 0,
}

USER_AGENT = "levant/0.1 (+https://github.com/levant-monitor/levant; news monitoring crawler)"
ROBOTSTXT_OBEY = True

# Politeness: one small site, so few parallel requests and an adaptive delay.
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024  # no news page is larger; bigger answers are cut off
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
RETRY_TIMES = 3
# Callbacks yield an article and a few links, and every pipeline is synchronous:
# Scrapy starts CONCURRENT_ITEMS asyncio tasks per response to process them, so the
# default (100) costs more than the work (the 2,000-article mirror crawls ~25%
# faster with 4; 1 is no faster).
CONCURRENT_ITEMS = 4
# Chains of read-also links and pagination end here (docs/robustness.md).
DEPTH_LIMIT = 5000

# Rendering (levant.render) runs in Playwright on the asyncio reactor.
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
PLAYWRIGHT_MAX_CONTEXTS = 4  # one browser context per rendered page: 4 pages at once

# scrapy check reads its contracts before any add-on runs: they stay here.
SPIDER_CONTRACTS = {"levant.contracts.SitePathContract": 10}

LOG_LEVEL = "INFO"
