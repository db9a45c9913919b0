"""The numbers of a chart of mentions a year: every year from the first to the last, and the bars' widths."""

from msblog.model.charts import LONGEST_BAR, Year, bar_width, per_year


def test_every_year_from_the_first_to_the_last_is_counted_zero_where_nothing_was_said():
    found = [(2016, False), (2013, True), (2013, False), (2016, True), (2016, True)]
    assert per_year(found) == [Year(2013, 1, 1), Year(2014, 0, 0), Year(2015, 0, 0), Year(2016, 1, 2)]


def test_posts_and_comments_of_no_known_year_come_last_and_are_not_given_one():
    rows = per_year([(None, True), (2015, False)])
    assert rows == [Year(2015, 1, 0), Year(None, 0, 1)]
    assert [row.label for row in rows] == ["2015", "date unknown"]
    assert per_year([(None, False)]) == [Year(None, 1, 0)]


def test_nothing_said_has_no_years():
    assert per_year([]) == []


def test_the_largest_number_takes_the_longest_bar_and_zero_none():
    assert bar_width(4, 4) == LONGEST_BAR
    assert bar_width(1, 4) == LONGEST_BAR / 4
    assert bar_width(0, 4) == 0 and bar_width(0, 0) == 0
