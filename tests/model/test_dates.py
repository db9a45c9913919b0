"""A post's date: one rule (post_date) for msblog check and the build, refusing what ABlog would guess."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import dateutil.parser
import pytest
from hypothesis import given
from hypothesis import strategies as st

from msblog.model.dates import given_date, post_date

TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(("written", "read"), [
    ("2015-05-17", date(2015, 5, 17)),
    ("2015-05-17T10:32:00+01:00", datetime(2015, 5, 17, 10, 32, tzinfo=timezone(timedelta(hours=1)))),
    ("2015-05-17 10:32", datetime(2015, 5, 17, 10, 32)),
    ("17 May 2015", date(2015, 5, 17)),
    ("May 17, 2015", date(2015, 5, 17)),
    ("Sunday, 17 May 2015", date(2015, 5, 17)),
    ("17 May 2015 at 10:32", datetime(2015, 5, 17, 10, 32)),
    ("Sept 3, 2015", date(2015, 9, 3)),
    (str(TODAY), TODAY),
])
def test_a_whole_date_is_read_as_written(written, read):
    assert post_date(written, TODAY) == read


@pytest.mark.parametrize(("written", "message"), [
    ("2015-13-45", "date '2015-13-45' cannot be read as a date (month must be in 1..12): write it as YYYY-MM-DD"),
    ("yesterday", "date 'yesterday' cannot be read as a date (unknown string format): write it as YYYY-MM-DD"),
    ("2015-06-01T25:00:00", "date '2015-06-01T25:00:00' cannot be read as a date (hour must be in 0..23): write it as YYYY-MM-DD"),
    ("[2015, 6, 1]", "date '[2015, 6, 1]' cannot be read as a date (unknown string format): write it as YYYY-MM-DD"),
    ("2015-06", "date '2015-06' is not a whole date: give its day, month and year (YYYY-MM-DD)"),
    ("10 January", "date '10 January' is not a whole date: give its day, month and year (YYYY-MM-DD)"),
    ("06/01/2015", "date '06/01/2015' is ambiguous: write it as YYYY-MM-DD, or name its month (17 May 2015)"),
    ("2015/06/01", "date '2015/06/01' is ambiguous: write it as YYYY-MM-DD, or name its month (17 May 2015)"),
    ("17 May 15", "date '17 May 15' does not give its year in full: write it as YYYY-MM-DD"),
    ("17 May 0099", "date '17 May 0099' does not give its year in full: write it as YYYY-MM-DD"),
    ("1 January 0001", "date '1 January 0001' does not give its year in full: write it as YYYY-MM-DD"),
    ("0001-01-01", "date '0001-01-01' is before 1900, long before the blog began: write its year in full (YYYY-MM-DD)"),
    ("0099-05-17T10:00:00+01:00", "date '0099-05-17T10:00:00+01:00' is before 1900, long before the blog began: write its year in full (YYYY-MM-DD)"),
    ("17 May 1899", "date '17 May 1899' is before 1900, long before the blog began: write its year in full (YYYY-MM-DD)"),
    ("Monday, 17 May 2015", "date 'Monday, 17 May 2015' names another weekday than Sunday, the day it gives"),
    ("2051-05-17", "date '2051-05-17' is after the day of the build (2026-11-30): an archive holds only the past"),
    (str(TODAY + timedelta(days=1)), "date '2026-12-01' is after the day of the build (2026-11-30): an archive holds only the past"),
    ("2026-12-01T00:30:00+14:00", "date '2026-12-01T00:30:00+14:00' is after the day of the build (2026-11-30): "
                                  "an archive holds only the past"),
    ("2016-03-03T09:00:00+00:00:01", "date '2016-03-03T09:00:00+00:00:01' has a time zone of seconds (+00:00:01), "
                                     "which ABlog cannot read: a zone is whole minutes (+01:00)"),
    ("2016-03-03T09:00:00.5+01:00:00.5", "date '2016-03-03T09:00:00.5+01:00:00.5' has a time zone of seconds "
                                         "(+01:00:00.500000), which ABlog cannot read: a zone is whole minutes (+01:00)"),
])
def test_a_date_that_is_not_whole_plain_and_past_is_refused_with_its_reason(written, message):
    with pytest.raises(ValueError) as refused:
        post_date(written, TODAY)
    assert str(refused.value) == message


@given(st.dates(min_value=date(1900, 1, 1)), st.sampled_from(["%d %B %Y", "%B %d, %Y", "%A, %d %b %Y", "%Y-%m-%d"]))
def test_a_date_it_accepts_is_the_day_ablog_reads(day, form):
    written = day.strftime(form)
    assert post_date(written) == day == dateutil.parser.parse(written).date()


def test_the_date_a_post_gives_is_read_by_the_one_rule_or_is_none():
    assert given_date({"date": "17 May 2015"}) == date(2015, 5, 17)
    assert given_date({}) is None and given_date({"date": "yesterday"}) is None and given_date({"date": "2015-05"}) is None
