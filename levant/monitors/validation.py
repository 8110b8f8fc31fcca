"""Every exported record checked against the project's JSON Schema, counted as spidermon counts.

``levant.monitors.validation.ArticleValidationPipeline`` (``ITEM_PIPELINES``) validates
what the feed will hold (:func:`levant.items.export_record`: the exported fields only,
not the internal ones) and counts errors per field in spidermon's stats
(``spidermon/validation/fields/errors/<error>/<field>``, through spidermon's public
``ValidationStatsManager``), so spidermon's monitors and ours read them. Put it after
the dedup pipeline (``event`` and ``version`` are set) and before the stream.

It is levant's own pipeline, not a subclass of spidermon's ``ItemValidationPipeline``
(whose steps are private methods): the same settings, the same stats, the same error
messages (spidermon's translator), with the schema compiled once
(:class:`SchemaValidator`).

``SPIDERMON_VALIDATION_SCHEMAS`` (default :data:`levant.monitors.settings.VALIDATION_SCHEMAS`) is a
list of schemas, each a dict, a path to a ``.json`` file, a URL, or an object path to
a dict, a JSON string or a function returning one: the default reads the schema from
the installed package (inside a Scrapyd egg too). Records with errors are kept
(``SPIDERMON_VALIDATION_DROP_ITEMS_WITH_ERRORS``, default False; a dropped record
counts in ``spidermon/validation/items/dropped``); the monitors alert.
``SPIDERMON_VALIDATION_ADD_ERRORS_TO_ITEMS`` writes the errors into the item's
``SPIDERMON_VALIDATION_ERRORS_FIELD`` (default ``_validation``), as spidermon does.
Off (``NotConfigured``) unless ``SPIDERMON_ENABLED``.
"""

from __future__ import annotations

import json
from typing import Any

from itemadapter import ItemAdapter
from jsonschema.validators import validator_for
from scrapy import Item
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.statscollectors import StatsCollector
from scrapy.utils.misc import load_object
from spidermon.contrib.scrapy.stats import ValidationStatsManager
from spidermon.contrib.utils.attributes import get_nested_attribute, set_nested_attribute
from spidermon.contrib.validation import JSONSchemaValidator
from spidermon.contrib.validation.jsonschema.formats import format_checker
from spidermon.contrib.validation.jsonschema.tools import get_schema_from, is_schema_url
from spidermon.contrib.validation.jsonschema.translator import JSONSchemaMessageTranslator
from spidermon.contrib.validation.jsonschema.validator import REQUIRED_RE

from levant.items import Article, export_record
from levant.monitors.fastpath import fast_acceptor
from levant.monitors.settings import VALIDATION_SCHEMAS

DEFAULT_ERRORS_FIELD = "_validation"  # spidermon's default

Errors = dict[str, list[str]]


class ArticleValidationPipeline:
    """Validate each record; count its errors in spidermon's stats; keep or drop it."""

    def __init__(
        self,
        validators: list[SchemaValidator],
        stats: StatsCollector,
        *,
        drop_items_with_errors: bool = False,
        add_errors_to_items: bool = False,
        errors_field: str | None = None,
    ) -> None:
        self.validators = validators
        self.stats = ValidationStatsManager(stats)
        self.drop_items_with_errors = drop_items_with_errors
        self.add_errors_to_items = add_errors_to_items
        self.errors_field = errors_field or DEFAULT_ERRORS_FIELD
        for validator in validators:  # spidermon/validation/validators/item/jsonschema
            self.stats.add_validator(Item.__name__, validator.name)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArticleValidationPipeline:
        settings = crawler.settings
        if not settings.getbool("SPIDERMON_ENABLED"):
            raise NotConfigured("SPIDERMON_ENABLED is off: no item validation")
        sources = settings.get("SPIDERMON_VALIDATION_SCHEMAS") or list(VALIDATION_SCHEMAS)
        if isinstance(sources, str):  # from the command line: JSON, or comma-separated
            text = sources.strip()
            sources = json.loads(text) if text[:1] in "[{" else [s.strip() for s in text.split(",")]
        if isinstance(sources, dict):  # one schema
            sources = [sources]
        assert crawler.stats is not None
        return cls(
            [load_schema_validator(source) for source in sources if source],
            crawler.stats,
            drop_items_with_errors=settings.getbool("SPIDERMON_VALIDATION_DROP_ITEMS_WITH_ERRORS"),
            add_errors_to_items=settings.getbool("SPIDERMON_VALIDATION_ADD_ERRORS_TO_ITEMS"),
            errors_field=settings.get("SPIDERMON_VALIDATION_ERRORS_FIELD"),
        )

    def process_item(self, item: Any) -> Any:
        record = export_record(item) if isinstance(item, Article) else ItemAdapter(item).asdict()
        self.stats.add_item()
        self.stats.add_fields(len(record))
        for validator in self.validators:
            ok, errors = validator.validate(record)
            if ok:
                continue
            for field_name, messages in errors.items():
                for message in messages:
                    self.stats.add_field_error(field_name, message)
            self.stats.add_item_with_errors()
            if self.add_errors_to_items:
                self._add_errors_to_item(ItemAdapter(item), errors)
            if self.drop_items_with_errors:
                self.stats.add_dropped_item()
                raise DropItem(f"Validation failed: {', '.join(sorted(errors))}")
        return item

    def _add_errors_to_item(self, item: ItemAdapter, errors: Errors) -> None:
        kept: Errors = dict(get_nested_attribute(item, self.errors_field) or {})
        for field_name, messages in errors.items():
            kept[field_name] = [*kept.get(field_name, []), *messages]
        set_nested_attribute(item, self.errors_field, kept)


def load_schema_validator(source: Any) -> SchemaValidator:
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
    return SchemaValidator(schema)


class SchemaValidator:
    """A JSON Schema compiled once, answering exactly as spidermon's ``JSONSchemaValidator``.

    spidermon builds a new ``jsonschema`` validator for every record (resolving the
    schema's references each time): about 1 ms a record, more than extracting the
    article. Built once, the same validation costs about a quarter of that, with the
    same format checker, the same field paths and the same messages (spidermon's
    public translator). A record that :func:`~levant.monitors.fastpath.fast_acceptor`
    accepts (the schema compiled to Python, about 15 µs) skips even that; any other
    record is judged by ``jsonschema``.
    """

    name = JSONSchemaValidator.name  # "JSONSchema", as in spidermon's stats

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        self._compiled = validator_for(schema)(schema=schema, format_checker=format_checker)
        self._accepts = fast_acceptor(schema)
        self._translator = JSONSchemaMessageTranslator()

    def validate(self, data: Any) -> tuple[bool, Errors]:
        """``(True, {})``, or ``(False, {field path: [messages]})``."""
        if self._accepts is not None and self._accepts(data):
            return True, {}
        found: Errors = {}
        for error in self._compiled.iter_errors(data):
            path = [str(p) for p in error.absolute_path]
            required = REQUIRED_RE.search(error.message)
            if required:
                path.append(required.group(1))
            found.setdefault(".".join(path), []).append(error.message)
        errors = {f: self._translator.translate_messages(m) for f, m in found.items()}
        return not errors, errors
