"""Dates as sources give them (ISO 8601), shown in the British form the blog used: "Sunday, 17 May 2015".

A post's date has one rule (:func:`post_date`), which ``msblog check`` and the
build both apply, so the build refuses what the check refuses.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta

import dateutil.parser

_NAMES = dateutil.parser.parserinfo()
EARLIEST_YEAR = 1900  # the blog began in 2009: an earlier year in a post's date is a slip of the keyboard


def parse_date(value: str) -> date | datetime:
    """An ISO 8601 day, or a day and time (after "T" or a space) with its time zone if given; ValueError otherwise."""
    value = value.strip()
    return datetime.fromisoformat(value) if "T" in value or " " in value else date.fromisoformat(value)


# A time as an export gives it (RFC 3339, as Atom and WordPress write it): a day, or a day and a time, its zone if given.
_SOURCE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?")


def source_time(value: str) -> date | datetime:
    """A day, or a day and a time, as an export gives it; a day alone stays a day (no time of day is made up).
    ValueError for anything else (a week date, a day with no dashes)."""
    if not _SOURCE_TIME.fullmatch(value.strip()):
        raise ValueError(f"{value!r} is not a date, or a date and time (YYYY-MM-DDThh:mm:ss+hh:mm)")
    return parse_date(value)


def post_date(value: str, today: date | None = None) -> date | datetime:
    """A post's date as its front matter gives it; ValueError says what is wrong with it.

    ISO 8601 (``2015-05-17``, ``2015-05-17T10:32:00+01:00``), as importers write it,
    or a day, a month's name and a year in full (``17 May 2015``, ``May 17, 2015``).
    Refused: a date lacking its day, month or year (ABlog would take the missing
    part from the day of the build), numbers alone in another order than ISO's
    (``06/01/2015``: June or January?), a year not written as the four digits it
    is read as (dateutil, and so ABlog, reads ``17 May 0099`` as 1999 and
    ``1 January 0001`` as 2001), a year before :data:`EARLIEST_YEAR` (long before
    the blog began: a typo, which tools read wrongly or not at all), a weekday the date does not fall on, anything else, and, given
    ``today``, a date after it: an archive holds only the past.
    """
    value = str(value).strip()
    try:
        when = parse_date(value)
    except ValueError:
        when = _written_out(value)
    offset = when.utcoffset() if isinstance(when, datetime) else None
    if offset is not None and offset % timedelta(minutes=1):
        raise ValueError(f"date {value!r} has a time zone of seconds ({_zone(offset)}), which ABlog cannot read: a "
                         "zone is whole minutes (+01:00)")
    if when.year < EARLIEST_YEAR:
        raise ValueError(f"date {value!r} is before {EARLIEST_YEAR}, long before the blog began: write its year in full (YYYY-MM-DD)")
    if today is not None and (when.date() if isinstance(when, datetime) else when) > today:
        raise ValueError(f"date {value!r} is after the day of the build ({today.isoformat()}): an archive holds only the past")
    return when


def _zone(offset: timedelta) -> str:
    """A UTC offset as ISO 8601 writes it, its seconds too: ``+00:00:01``."""
    sign, offset = ("-", -offset) if offset < timedelta(0) else ("+", offset)
    minutes, seconds = divmod(offset, timedelta(minutes=1))
    text = f"{sign}{minutes // 60:02d}:{minutes % 60:02d}:{seconds.seconds:02d}"
    return text + (f".{seconds.microseconds:06d}" if seconds.microseconds else "")


def given_date(front: Mapping[str, object]) -> date | datetime | None:
    """The date a post's front matter gives, by :func:`post_date`; ``None`` when it gives none, or one refused."""
    try:
        return post_date(str(front["date"]))
    except (KeyError, ValueError):
        return None


def _written_out(value: str) -> date | datetime:
    """A date written with its month's name, as dateutil (and so ABlog) reads it; a day, or a time if one is given."""
    try:  # a part the text does not give comes from the default, and differs between the two
        first = dateutil.parser.parse(value, default=datetime(1, 1, 1, 0, 0))
        second = dateutil.parser.parse(value, default=datetime(2, 2, 2, 1, 1))
    except (ValueError, OverflowError) as error:
        reason = str(error).removesuffix(f": {value}")
        reason = reason[:1].lower() + reason[1:]
        raise ValueError(f"date {value!r} cannot be read as a date ({reason}): write it as YYYY-MM-DD") from None
    if first.date() != second.date():
        raise ValueError(f"date {value!r} is not a whole date: give its day, month and year (YYYY-MM-DD)")
    words = re.findall(r"[^\W\d_]+", value)
    if not any(_NAMES.month(word) for word in words):
        raise ValueError(f"date {value!r} is ambiguous: write it as YYYY-MM-DD, or name its month (17 May 2015)")
    if str(first.year) not in re.findall(r"(?<!\d)\d{4}(?!\d)", value):  # '0099' is read as 1999
        raise ValueError(f"date {value!r} does not give its year in full: write it as YYYY-MM-DD")
    named = {_NAMES.weekday(word) for word in words} - {None}
    if named and named != {first.weekday()}:
        raise ValueError(f"date {value!r} names another weekday than {first:%A}, the day it gives")
    timed = (first.hour, first.minute) == (second.hour, second.minute)
    return first if timed else first.date()


def long_date(value: date | datetime) -> str:
    """``Sunday, 17 May 2015``; with a time, ``Sunday, 17 May 2015, 10:32``."""
    text = f"{value:%A}, {value.day} {value:%B %Y}"
    if isinstance(value, datetime):
        text += f", {value:%H:%M}"
        if value.utcoffset() is not None:
            text += f" ({_offset(value)})"
    return text


def _offset(value: datetime) -> str:
    minutes = int(value.utcoffset().total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
