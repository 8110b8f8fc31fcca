"""A fast "is this record valid?" for JSON Schemas made of portable keywords.

``jsonschema`` walks the schema for every record: about a quarter of a millisecond
for an article, more than reading its dates. ``fastjsonschema`` compiles the schema to
Python once and answers in about 15 µs, but it implements drafts 4 to 2019-09 and
differs from ``jsonschema`` at the edges (``$`` in patterns means end of string, not
"before a final newline"). So it only answers "valid" here: :func:`fast_acceptor`
returns a predicate that accepts a record when the compiled schema does and leaves
every other record to ``jsonschema``, whose errors (and spidermon's stats) stay the
reference.

That is safe when the compiled schema is never more lenient than ``jsonschema``: the
schema may use only keywords whose meaning is the same in every draft
(:data:`PORTABLE_KEYWORDS`) and local ``$ref`` only; ``format`` (checked differently by
each library) or anything else means no fast path (``None``). The test suite checks
the rule against ``jsonschema`` on generated records.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

#: Keywords read the same way by every draft since 6, and by both libraries.
PORTABLE_KEYWORDS = frozenset(
    {
        # annotations
        "$schema", "$id", "$comment", "title", "description", "default", "examples",
        # structure
        "$defs", "definitions", "$ref",
        # assertions
        "type", "enum", "const", "required", "properties", "additionalProperties",
        "items", "anyOf", "allOf", "oneOf", "not", "pattern", "minLength", "maxLength",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minItems", "maxItems",
    }
)  # fmt: skip
#: Keywords whose value is a map of names to schemas.
_SCHEMA_MAPS = ("$defs", "definitions", "properties")
#: Keywords whose value is a list of schemas.
_SCHEMA_LISTS = ("anyOf", "allOf", "oneOf")
#: Keywords whose value is one schema (or, for ``additionalProperties``, a boolean).
_SCHEMA_VALUES = ("additionalProperties", "items", "not")


def fast_acceptor(schema: dict[str, Any]) -> Callable[[Any], bool] | None:
    """A predicate true for records *schema* accepts, or ``None`` if the schema is not
    made of :data:`PORTABLE_KEYWORDS` (or ``fastjsonschema`` is not installed)."""
    if not is_portable(schema):
        return None
    try:
        import fastjsonschema
    except ImportError:
        return None
    try:  # on a copy: fastjsonschema rewrites the references of what it compiles
        compiled = fastjsonschema.compile(
            copy.deepcopy(schema), use_default=False, use_formats=False
        )
    except fastjsonschema.JsonSchemaDefinitionException:
        return None

    def accepts(record: Any) -> bool:
        try:
            compiled(record)
        except fastjsonschema.JsonSchemaValueException:
            return False
        return True

    return accepts


def is_portable(schema: Any) -> bool:
    """Whether *schema* uses only :data:`PORTABLE_KEYWORDS` and local references."""
    if isinstance(schema, bool):
        return True
    if not isinstance(schema, dict) or not PORTABLE_KEYWORDS.issuperset(schema):
        return False
    ref = schema.get("$ref")
    if ref is not None and not (isinstance(ref, str) and ref.startswith("#")):
        return False
    children: list[Any] = []
    for key in _SCHEMA_MAPS:
        children.extend(schema.get(key, {}).values())
    for key in _SCHEMA_LISTS:
        children.extend(schema.get(key, []))
    for key in _SCHEMA_VALUES:
        if key in schema:
            children.append(schema[key])
    return all(is_portable(child) for child in children)
