"""levant: a Scrapy crawl-and-monitor project for Levant News (ليفانت نيوز)."""

__version__ = "0.1.0"
