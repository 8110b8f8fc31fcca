"""Property tests: any string in, never an exception; printed dates come back unchanged.

The month names and digit sets here are written independently of ``levant.dates``'
own tables, as a page would print them.
"""

from __future__ import annotations

import datetime
import zoneinfo

from hijridate import Gregorian
from hypothesis import given, settings
from hypothesis import strategies as st

from levant.dates import normalise_date

SETTINGS = settings(max_examples=200, deadline=None)
DAMASCUS = zoneinfo.ZoneInfo("Asia/Damascus")

MONTHS = {
    1: ["يناير", "كانون الثاني", "كانون ثاني", "جانفي", "January", "Jan"],
    2: ["فبراير", "شباط", "فيفري", "February", "Feb"],
    3: ["مارس", "آذار", "اذار", "March", "Mar"],
    4: ["أبريل", "ابريل", "إبريل", "نيسان", "أفريل", "April", "Apr"],
    5: ["مايو", "أيار", "ايار", "ماي", "May"],
    6: ["يونيو", "يونيه", "حزيران", "جوان", "June", "Jun"],
    7: ["يوليو", "يوليه", "تموز", "جويلية", "July", "Jul"],
    8: ["أغسطس", "اغسطس", "آب", "أوت", "August", "Aug"],
    9: ["سبتمبر", "أيلول", "ايلول", "September", "Sep"],
    10: ["أكتوبر", "اكتوبر", "تشرين الأول", "تشرين اول", "October", "Oct"],
    11: ["نوفمبر", "تشرين الثاني", "تشرين ثاني", "November", "Nov"],
    12: ["ديسمبر", "كانون الأول", "كانون الاول", "December", "Dec"],
}
HIJRI_MONTHS = {
    1: ["محرم", "المحرم"],
    2: ["صفر"],
    3: ["ربيع الأول", "ربيع الاول", "ربيع أول"],
    4: ["ربيع الثاني", "ربيع الآخر", "ربيع ثاني"],
    5: ["جمادى الأولى", "جمادى الاولى", "جمادي الأولى"],
    6: ["جمادى الآخرة", "جمادى الثانية", "جمادى الاخرة"],
    7: ["رجب"],
    8: ["شعبان"],
    9: ["رمضان"],
    10: ["شوال"],
    11: ["ذو القعدة", "ذي القعدة"],
    12: ["ذو الحجة", "ذي الحجة"],
}
WEEKDAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
LABELS = ["", "نشر في ", "بتاريخ: ", "آخر تحديث: ", "تاريخ النشر ", "\u200f"]
DIGITS = {"ascii": "0123456789", "arabic": "٠١٢٣٤٥٦٧٨٩", "persian": "۰۱۲۳۴۵۶۷۸۹"}

dates = st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 12, 31))
hijri_range = st.dates(datetime.date(1924, 8, 1), datetime.date(2077, 11, 16))


@st.composite
def digit_sets(draw):
    """A function that prints the ASCII digits of a string in one or mixed digit sets."""
    mode = draw(st.sampled_from(["ascii", "arabic", "persian", "mixed"]))
    if mode != "mixed":
        return lambda text: text.translate(str.maketrans(DIGITS["ascii"], DIGITS[mode]))
    picks = draw(st.lists(st.sampled_from(list(DIGITS)), min_size=64, max_size=64))

    def mixed(text):
        out, k = [], 0
        for char in text:
            if char.isdigit():
                char, k = DIGITS[picks[k % 64]][int(char)], k + 1
            out.append(char)
        return "".join(out)

    return mixed


@st.composite
def printed_dates(draw, date):
    """``date`` printed in one of the supported forms."""
    d, m, y = date.day, date.month, date.year
    name = draw(st.sampled_from(MONTHS[m]))
    sep = draw(st.sampled_from(["/", "-", "."]))
    pad = draw(st.booleans())
    dd, mm = (f"{d:02d}", f"{m:02d}") if pad else (str(d), str(m))
    form = draw(st.sampled_from(["dmy", "mdy", "numeric", "iso", "paired"]))
    if form == "dmy":
        return f"{d} {name} {y}"
    if form == "mdy":
        return f"{name} {d}, {y}"
    if form == "numeric":
        return f"{dd}{sep}{mm}{sep}{y}"
    if form == "iso":
        return f"{y}-{m:02d}-{d:02d}"
    return f"{d} {MONTHS[m][1]}/{MONTHS[m][0]} {y}"


@st.composite
def printed_times(draw, hour, minute):
    form = draw(st.sampled_from(["24h", "12h"]))
    if form == "24h":
        return f"{hour:02d}:{minute:02d}"
    h12 = hour % 12 or 12
    marker = draw(st.sampled_from(["ص", "صباحاً"] if hour < 12 else ["م", "مساءً"]))
    return f"{h12}:{minute:02d} {marker}"


@SETTINGS
@given(st.text(), st.none() | st.just(datetime.datetime(2024, 12, 19, 10, 45, tzinfo=DAMASCUS)))
def test_any_text_never_raises(raw, now):
    found = normalise_date(raw, now=now)
    assert found is None or found.precision in ("day", "minute", "second")


TOKENS = [
    *(name for names in MONTHS.values() for name in names),
    *(name for names in HIJRI_MONTHS.values() for name in names),
    *WEEKDAYS, "منذ", "قبل", "أمس", "اليوم", "ساعة", "ساعتين", "دقائق", "هـ", "ص", "م", "الساعة",
    "،", "/", "-", ":", "|", "%", "(", ")", "T", "Z", "+03:00", "ago", "٫", "\u200f", "\u0640",
]  # fmt: skip


@SETTINGS
@given(
    st.lists(
        st.sampled_from(TOKENS) | st.integers(0, 99999).map(str) | st.text(max_size=3),
        max_size=8,
    ).map(" ".join),
    st.none() | st.just(datetime.datetime(2024, 12, 19, 10, 45, tzinfo=DAMASCUS)),
)
def test_date_like_noise_never_raises(raw, now):
    found = normalise_date(raw, now=now)
    if found is not None and found.precision != "day":
        assert found.value.utcoffset() is not None


@SETTINGS
@given(st.data(), dates, digit_sets())
def test_printed_date_comes_back(data, date, digits):
    label = data.draw(st.sampled_from(LABELS))
    weekday = data.draw(st.sampled_from(["", WEEKDAYS[date.weekday()] + "، "]))
    raw = digits(label + weekday + data.draw(printed_dates(date)))
    found = normalise_date(raw)
    assert found is not None, raw
    assert (found.value, found.precision) == (date, "day"), raw


@SETTINGS
@given(st.data(), dates, st.integers(0, 23), st.integers(0, 59), digit_sets())
def test_printed_date_and_time_come_back(data, date, hour, minute, digits):
    joint = data.draw(st.sampled_from([" ", " - ", " الساعة ", "، ", " | "]))
    printed = data.draw(printed_dates(date)) + joint + data.draw(printed_times(hour, minute))
    found = normalise_date(digits(printed))
    expected = datetime.datetime.combine(date, datetime.time(hour, minute), tzinfo=DAMASCUS)
    assert found is not None, printed
    assert found.precision == "minute", printed
    assert found.isoformat() == expected.isoformat(), printed


@SETTINGS
@given(st.data(), hijri_range, digit_sets())
def test_printed_hijri_date_comes_back(data, date, digits):
    hijri = Gregorian(date.year, date.month, date.day).to_hijri()
    name = data.draw(st.sampled_from(HIJRI_MONTHS[hijri.month]))
    mark = data.draw(st.sampled_from(["هـ", " هـ", " ه", ""]))
    raw = digits(f"{hijri.day} {name} {hijri.year}{mark}")
    found = normalise_date(raw)
    assert found is not None, raw
    assert found.value == date, raw


@SETTINGS
@given(
    st.datetimes(
        datetime.datetime(2000, 1, 1), datetime.datetime(2090, 1, 1), timezones=st.just(DAMASCUS)
    ),
    st.integers(3, 10),
    st.sampled_from(["دقائق", "ساعات"]),
    digit_sets(),
)
def test_relative_count_comes_back(now, count, unit, digits):
    found = normalise_date(digits(f"منذ {count} {unit}"), now=now)
    delta = (
        datetime.timedelta(minutes=count) if unit == "دقائق" else datetime.timedelta(hours=count)
    )
    expected = (now.astimezone(datetime.UTC) - delta).replace(second=0, microsecond=0)
    assert found.precision == "minute"
    # In UTC: an ambiguous wall time (the hour DST ends) never compares == across zones.
    assert found.value.astimezone(datetime.UTC) == expected
