"""The contract other components rely on: types, precision, timezones, inputs refused."""

from __future__ import annotations

import dataclasses
import datetime
import subprocess
import sys
import zoneinfo
from pathlib import Path

import pytest

from levant.dates import NormalisedDate, normalise_date

DAMASCUS = zoneinfo.ZoneInfo("Asia/Damascus")
NOW = datetime.datetime(2024, 12, 19, 10, 45, 37, tzinfo=DAMASCUS)
ROOT = Path(__file__).resolve().parents[2]


def test_day_precision_is_a_date():
    found = normalise_date("19 كانون الأول 2024")
    assert found == NormalisedDate(datetime.date(2024, 12, 19), "day")
    assert type(found.value) is datetime.date
    assert found.isoformat() == "2024-12-19"


def test_minute_precision_is_an_aware_datetime_without_seconds():
    found = normalise_date("آخر تحديث: 14 سبتمبر 2021 - 09:15 ص")
    assert found.precision == "minute"
    assert found.value == datetime.datetime(2021, 9, 14, 9, 15, tzinfo=DAMASCUS)
    assert found.value.utcoffset() == datetime.timedelta(hours=3)
    assert found.isoformat() == "2021-09-14T09:15:00+03:00"


def test_second_precision_keeps_seconds_and_fractions():
    found = normalise_date("2024-12-19T10:30:05.250+03:00")
    assert found.precision == "second"
    assert (found.value.second, found.value.microsecond) == (5, 250000)


def test_is_frozen():
    found = normalise_date("19/12/2024")
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.precision = "minute"


@pytest.mark.parametrize(
    ("raw", "offset"),
    [
        ("2021-01-14 09:15", 2),  # Damascus winter time before October 2022
        ("2021-07-14 09:15", 3),  # summer time
        ("2023-01-14 09:15", 3),  # +03:00 all year since
    ],
)
def test_time_without_offset_takes_the_zone_offset_of_that_date(raw, offset):
    found = normalise_date(raw)
    assert found.value.utcoffset() == datetime.timedelta(hours=offset)


def test_stated_offset_is_kept_not_converted():
    assert normalise_date("2024-12-19T10:30:00Z").isoformat() == "2024-12-19T10:30:00+00:00"
    found = normalise_date("2024-12-19T10:30:00-05:00", tz="Asia/Riyadh")
    assert found.isoformat() == "2024-12-19T10:30:00-05:00"


@pytest.mark.parametrize("tz", ["Africa/Cairo", zoneinfo.ZoneInfo("Africa/Cairo")])
def test_tz_by_name_or_tzinfo(tz):
    found = normalise_date("19/12/2024 10:30", tz=tz)
    assert found.isoformat() == "2024-12-19T10:30:00+02:00"


def test_relative_forms_need_now():
    assert normalise_date("منذ 5 دقائق") is None
    assert normalise_date("أمس") is None
    assert normalise_date("14 سبتمبر") is None  # no year: needs now too
    assert normalise_date("منذ 5 دقائق", now=NOW).isoformat() == "2024-12-19T10:40:00+03:00"


def test_relative_days_are_counted_in_the_site_timezone():
    late = datetime.datetime(2024, 12, 18, 22, 30, tzinfo=datetime.UTC)  # 01:30 in Damascus
    assert normalise_date("أمس", now=late).isoformat() == "2024-12-18"
    assert normalise_date("منذ ساعتين", now=late).isoformat() == "2024-12-18T23:30:00+03:00"


def test_naive_now_is_refused():
    with pytest.raises(ValueError, match="aware"):
        normalise_date("أمس", now=datetime.datetime(2024, 12, 19))


@pytest.mark.parametrize("raw", [None, "", "   ", "\u200f", "ليفانت نيوز"])
def test_nothing_in_nothing_out(raw):
    assert normalise_date(raw, now=NOW) is None


def test_hijri_and_gregorian_together_prefer_gregorian():
    raw = "الأحد 15 جمادى الآخرة 1446 هـ الموافق 15 ديسمبر 2024 م"
    assert normalise_date(raw).isoformat() == "2024-12-15"


def test_long_tail_goes_to_dateparser():
    assert normalise_date("September the 14th, 2021").isoformat() == "2021-09-14"


def test_import_does_not_import_dateparser():
    code = "import sys, levant.dates; assert 'dateparser' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_fast_path_does_not_import_dateparser():
    code = (
        "import sys, levant.dates\n"
        "assert levant.dates.normalise_date('آخر تحديث: 14 سبتمبر 2021 - 09:15 ص')\n"
        "assert levant.dates.normalise_date('95.1%') is None\n"
        "assert 'dateparser' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
