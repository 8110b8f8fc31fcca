"""The validation fast path never accepts a record that jsonschema rejects."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema.validators import validator_for
from spidermon.contrib.validation import JSONSchemaValidator

from levant.items import EXPORT_FIELDS, article_schema, export_record
from levant.monitors.fastpath import fast_acceptor, is_portable
from levant.monitors.validation import load_schema_validator
from tests.monitoring.test_validation import VALID

SCHEMA = article_schema()
REFERENCE = validator_for(SCHEMA)(SCHEMA)
ACCEPTS = fast_acceptor(SCHEMA)
SPIDERMON = JSONSchemaValidator(SCHEMA)

# Values that are right for some field and wrong for others, and the edges where the
# two libraries could differ: a final newline before "$", booleans as integers, 1.0.
_ODD_STRINGS = st.sampled_from(
    ["", " ", "x", "2026-11-28", "2026-11-28\n", "2026-11-28T10:00:00+03:00\n",
     "https://thelevantnews.com/a/", "https://thelevantnews.com/a/\n", "http:// x",
     "٢٠٢٦-١١-٢٨", "jsonld", "minute", "new", "updated"]
)  # fmt: skip
_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-2, 3), st.sampled_from([0.0, 1.0, 2.5]),
    _ODD_STRINGS, st.text(max_size=5),
)  # fmt: skip
_VALUES = st.one_of(
    _SCALARS,
    st.lists(_SCALARS, max_size=3),
    st.dictionaries(st.text(max_size=3), _SCALARS, max_size=2),
)


@st.composite
def _records(draw: st.DrawFn) -> dict[str, Any]:
    record = export_record(VALID)
    for field in draw(st.lists(st.sampled_from(EXPORT_FIELDS), max_size=4, unique=True)):
        if draw(st.booleans()):
            record[field] = draw(_VALUES)
        else:
            del record[field]
    if draw(st.integers(0, 9)) == 0:
        record[draw(st.text(min_size=1, max_size=4))] = draw(_SCALARS)
    return record


def test_the_article_schema_has_a_fast_path_that_accepts_a_valid_record() -> None:
    assert ACCEPTS is not None
    assert ACCEPTS(export_record(VALID))
    assert not REFERENCE.is_valid({**export_record(VALID), "title": ""})
    assert not ACCEPTS({**export_record(VALID), "title": ""})


@settings(max_examples=600)
@given(_records())
def test_a_record_the_fast_path_accepts_has_no_jsonschema_error(record: dict[str, Any]) -> None:
    assert ACCEPTS is not None
    if ACCEPTS(record):
        assert list(REFERENCE.iter_errors(record)) == []


@settings(max_examples=300)
@given(_records())
def test_verdicts_and_errors_are_spidermons_own(record: dict[str, Any]) -> None:
    assert load_schema_validator(SCHEMA).validate(record) == SPIDERMON.validate(record)


def test_schemas_beyond_the_portable_keywords_get_no_fast_path() -> None:
    with_format = {
        "type": "object",
        "properties": {"at": {"type": "string", "format": "date-time"}},
    }
    remote = {"$ref": "https://example.com/schema.json"}
    tuple_items = {"prefixItems": [{"type": "string"}]}
    for schema in (with_format, remote, tuple_items):
        assert not is_portable(schema)
        assert fast_acceptor(schema) is None
    assert is_portable(SCHEMA)
    ok, errors = load_schema_validator(with_format).validate({"at": "yesterday"})
    assert (ok, errors) == JSONSchemaValidator(with_format).validate({"at": "yesterday"})
    assert not ok and "at" in errors
