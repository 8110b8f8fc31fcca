"""The e-mail alert: spidermon's ``SendEmail``, sent over SMTP with :mod:`smtplib`.

Settings are spidermon's: ``SPIDERMON_EMAIL_TO``, ``SPIDERMON_EMAIL_SENDER``,
``SPIDERMON_EMAIL_SUBJECT`` (a default is given), ``SPIDERMON_SMTP_HOST``,
``SPIDERMON_SMTP_PORT`` (25), ``SPIDERMON_SMTP_USER``, ``SPIDERMON_SMTP_PASSWORD``,
``SPIDERMON_SMTP_ENFORCE_TLS``, ``SPIDERMON_SMTP_ENFORCE_SSL``. spidermon's own
``SendSmtpEmail`` sends through ``scrapy.mail``, deprecated since Scrapy 2.19.
Needs jinja2 and premailer (spidermon's e-mail actions import them).
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import Message
from typing import Any

from scrapy.crawler import Crawler
from spidermon.contrib.actions.email import SendEmail
from spidermon.exceptions import NotConfigured

from levant.monitors.actions import delivery_failed
from levant.monitors.config import MonitorConfig

logger = logging.getLogger(__name__)


class EmailAlert(SendEmail):
    """spidermon's e-mail alert, sent over SMTP with :mod:`smtplib`."""

    subject = "levant: {{ result.monitors_failed_results | length }} checks failed"
    body_text = (
        "{% for r in result.monitors_failed_results %}{{ r.item.name }}\n{{ r.reason }}\n\n"
        "{% endfor %}"
    )
    body_html_template = None

    def __init__(
        self,
        *args: Any,
        smtp: dict[str, Any] | None = None,
        crawler: Crawler | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.smtp = smtp or {}
        self.crawler = crawler
        if not self.fake and not self.smtp.get("host"):
            raise NotConfigured("set SPIDERMON_SMTP_HOST to send e-mail alerts")

    @classmethod
    def from_crawler_kwargs(cls, crawler: Crawler) -> dict[str, Any]:
        kwargs = super().from_crawler_kwargs(crawler)
        settings = crawler.settings
        kwargs["smtp"] = {
            "host": settings.get("SPIDERMON_SMTP_HOST"),
            "port": settings.getint("SPIDERMON_SMTP_PORT") or 25,
            "user": settings.get("SPIDERMON_SMTP_USER"),
            "password": settings.get("SPIDERMON_SMTP_PASSWORD"),
            "tls": settings.getbool("SPIDERMON_SMTP_ENFORCE_TLS"),
            "ssl": settings.getbool("SPIDERMON_SMTP_ENFORCE_SSL"),
            "timeout": MonitorConfig.from_settings(settings).webhook_timeout,
        }
        kwargs["crawler"] = crawler
        return kwargs

    def send_message(self, message: Message, **kwargs: Any) -> None:
        s = self.smtp
        target = f"{s['host']}:{s['port']}"
        crawler = self.crawler or self.data.crawler
        try:
            client_class = smtplib.SMTP_SSL if s["ssl"] else smtplib.SMTP
            with client_class(s["host"], s["port"], timeout=s["timeout"]) as client:
                if s["tls"]:
                    client.starttls(context=ssl.create_default_context())
                if s["user"]:
                    client.login(s["user"], s["password"] or "")
                client.sendmail(self.sender or "levant@localhost", self.to, message.as_string())
        except (OSError, smtplib.SMTPException) as error:
            delivery_failed(crawler, "email", target, error)
        crawler.stats.inc_value("levant/alerts/sent/email")
        logger.info("Alert e-mailed to %s through %s", ", ".join(self.to), target)
