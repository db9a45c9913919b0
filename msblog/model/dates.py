"""Dates as sources give them (ISO 8601), shown in the British form the blog used: "Sunday, 17 May 2015"."""

from __future__ import annotations

from datetime import date, datetime


def parse_date(value: str) -> date | datetime:
    """An ISO 8601 day, or a day and time (after "T" or a space) with its time zone if given; ValueError otherwise."""
    value = value.strip()
    return datetime.fromisoformat(value) if "T" in value or " " in value else date.fromisoformat(value)


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
