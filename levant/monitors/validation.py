"""Every exported record checked against the project's JSON Schema, by spidermon.

:class:`ArticleValidationPipeline` is spidermon's ``ItemValidationPipeline``
validating what the feed will hold (:func:`levant.items.export_record`: the exported
fields only, not the internal ones), so errors count per field in spidermon's stats
(``spidermon/validation/fields/errors/<error>/<field>``). Put it after the dedup
pipeline (``event`` and ``version`` are set) and before the stream.

``SPIDERMON_VALIDATION_SCHEMAS`` (default ``["levant.items.article_schema"]``) is a
list of schemas, each a dict, a path to a ``.json`` file, a URL, or an object path to
a dict, a JSON string or a function returning one: the default reads the schema from
the installed package (inside a Scrapyd egg too). Records with errors are kept
(``SPIDERMON_VALIDATION_DROP_ITEMS_WITH_ERRORS``, default False); the monitors alert.
Off (``NotConfigured``) unless ``SPIDERMON_ENABLED``.
"""

from __future__ import annotations

import json
from typing import Any

from itemadapter import ItemAdapter
from jsonschema.validators import validator_for
from scrapy import Item
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.misc import load_object
from spidermon.contrib.scrapy.pipelines import ItemValidationPipeline
from spidermon.contrib.validation import JSONSchemaValidator
from spidermon.contrib.validation.jsonschema.formats import format_checker
from spidermon.contrib.validation.jsonschema.tools import get_schema_from, is_schema_url
from spidermon.contrib.validation.jsonschema.validator import REQUIRED_RE

from levant.items import Article, export_record
from levant.monitors.fastpath import fast_acceptor

DEFAULT_SCHEMAS = ["levant.items.article_schema"]


class ArticleValidationPipeline(ItemValidationPipeline):  # type: ignore[misc]
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArticleValidationPipeline:
        settings = crawler.settings
        if not settings.getbool("SPIDERMON_ENABLED"):
            raise NotConfigured("SPIDERMON_ENABLED is off: no item validation")
        sources = settings.get("SPIDERMON_VALIDATION_SCHEMAS") or DEFAULT_SCHEMAS
        if isinstance(sources, str):  # from the command line: JSON, or comma-separated
            text = sources.strip()
            sources = json.loads(text) if text[:1] in "[{" else [s.strip() for s in text.split(",")]
        if isinstance(sources, dict):  # one schema
            sources = [sources]
        validators = {
            Item.__name__: [load_schema_validator(source) for source in sources if source]
        }
        return cls(
            validators=validators,
            stats=crawler.stats,
            drop_items_with_errors=settings.getbool("SPIDERMON_VALIDATION_DROP_ITEMS_WITH_ERRORS"),
            add_errors_to_items=settings.getbool("SPIDERMON_VALIDATION_ADD_ERRORS_TO_ITEMS"),
            errors_field=settings.get("SPIDERMON_VALIDATION_ERRORS_FIELD"),
        )

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return super().process_item(item)
        validators = self.find_validators(item)
        record = export_record(item)
        self.stats.add_item()
        self.stats.add_fields(len(record))
        for validator in validators:
            ok, errors = validator.validate(record)
            if not ok:
                self._add_error_stats(errors)
                if self.add_errors_to_items:
                    self._add_errors_to_item(ItemAdapter(item), errors)
                if self.drop_items_with_errors:
                    self._drop_item(item, errors)
        return item


def load_schema_validator(source: Any) -> JSONSchemaValidator:
    """A validator of one ``SPIDERMON_VALIDATION_SCHEMAS`` entry (see the module doc)."""
    schema = source
    if isinstance(source, str):
        if is_schema_url(source) or source.endswith(".json"):
            schema = get_schema_from(source)
        else:
            schema = load_object(source)
            if callable(schema):
                schema = schema()
            if isinstance(schema, str):
                schema = get_schema_from(schema) if schema.endswith(".json") else json.loads(schema)
    if not isinstance(schema, dict):
        raise NotConfigured(f"SPIDERMON_VALIDATION_SCHEMAS: {source!r} is not a JSON Schema")
    return CompiledJSONSchemaValidator(schema)


class CompiledJSONSchemaValidator(JSONSchemaValidator):  # type: ignore[misc]
    """spidermon's JSON Schema validator, with the schema compiled once.

    spidermon builds a new ``jsonschema`` validator for every record (resolving the
    schema's references each time): about 1 ms a record, more than extracting the
    article. Built once, the same validation costs about a quarter of that, with the
    same format checker and the same error messages. A record that
    :func:`~levant.monitors.fastpath.fast_acceptor` accepts (the schema compiled to
    Python, about 15 µs) skips even that; any other record is judged by ``jsonschema``.
    """

    def __init__(self, schema: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(schema, **kwargs)
        self._compiled = validator_for(schema)(schema=schema, format_checker=format_checker)
        self._accepts = fast_acceptor(schema)

    def _validate(self, data: Any, strict: bool = False) -> None:
        if self._accepts is not None and self._accepts(data):
            return
        for error in self._compiled.iter_errors(data):
            path = [str(p) for p in error.absolute_path]
            required = REQUIRED_RE.search(error.message)
            if required:
                path.append(required.group(1))
            self._add_errors({".".join(path): [error.message]})
