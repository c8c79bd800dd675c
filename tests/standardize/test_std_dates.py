"""Dates decided from evidence: day/month order per column (and per record), plausible years,
two-digit years, timestamps' date parts — through real imports and on the pure helpers."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

import pytest
from tests.conftest import MakeWorkspace, rows

from tessera.pipeline.dates import (
    ColumnOrders,
    DayMonth,
    Evidence,
    decide_orders,
    declared_orders,
    map_dates,
)

DAY, MONTH = DayMonth.DAY_FIRST, DayMonth.MONTH_FIRST


def _source(path: str, formats: list[str] | None, **mapping: str) -> dict[str, Any]:
    src: dict[str, Any] = {
        "format": "csv",
        "path": path,
        "delimiter": ",",
        "id": "id",
        "mapping": mapping or {"dob": "birth_date"},
    }
    if formats is not None:
        src["date_formats"] = formats
    return src


def _import(make_workspace: MakeWorkspace, columns: dict[str, list[str]], **sources: Any) -> Any:
    """One CSV per source (``id,dob`` with the listed values); returns the workspace."""
    files = {
        f"{name}.csv": "id,dob\n" + "".join(f"{i},{v}\n" for i, v in enumerate(columns[name], 1))
        for name in sources
    }
    ws = make_workspace(sources, files)
    _, failures = ws.import_sources()
    assert failures == []
    return ws


def _dates(ws: Any, source: str) -> dict[str, dt.date | None]:
    got = rows(ws, "SELECT birth_date_raw, birth_date FROM records WHERE source = ?", [source])
    return {r["birth_date_raw"]: r["birth_date"] for r in got}


def _issues(ws: Any, source: str) -> dict[str, tuple[str, str, str]]:
    got = rows(ws, "SELECT * FROM quality_issues WHERE source = ?", [source])
    return {r["raw_value"]: (r["field"], r["column_name"], r["reason"]) for r in got}


MIXED = {
    "25/03/1985": dt.date(1985, 3, 25),  # DD/MM/YYYY: first > 12, day-first
    "14/07/1990": dt.date(1990, 7, 14),
    "03/25/1985": dt.date(1985, 3, 25),  # MM/DD/YYYY: second > 12, read month-first anyway
    "04/05/1990": dt.date(1990, 5, 4),  # ambiguous: the column's majority (day-first)
    "4/5/1991": dt.date(1991, 5, 4),  # no zero padding
    "07.08.1979": dt.date(1979, 8, 7),  # DD.MM.YYYY
    "1985-03-04": dt.date(1985, 3, 4),  # ISO: year-first whatever the column says
    "05/06/89": dt.date(1989, 6, 5),  # DD/MM/YY, not the year 89
    "19850304": dt.date(1985, 3, 4),
    "1985-03-04 00:00:00": dt.date(1985, 3, 4),  # a timestamp in a date column
    "1985/3/4": dt.date(1985, 3, 4),
}


def test_mixed_column_each_row_parsed(make_workspace: MakeWorkspace) -> None:
    ws = _import(make_workspace, {"crm": list(MIXED)}, crm=_source("crm.csv", ["%d/%m/%Y"]))
    assert _dates(ws, "crm") == MIXED
    assert _issues(ws, "crm") == {}


def test_mixed_column_without_declared_formats_follows_evidence(
    make_workspace: MakeWorkspace,
) -> None:
    # The workspace default is ISO only: the column's own values settle the order.
    ws = _import(make_workspace, {"crm": list(MIXED)}, crm=_source("crm.csv", None))
    assert _dates(ws, "crm") == MIXED


def test_month_first_majority_per_record(make_workspace: MakeWorkspace) -> None:
    values = ["03/25/1985", "12/31/1990", "07/14/1979", "25/03/1985", "04/05/1990", "4.5.1991"]
    ws = _import(make_workspace, {"us": values}, us=_source("us.csv", None))
    assert _dates(ws, "us") == {
        "03/25/1985": dt.date(1985, 3, 25),
        "12/31/1990": dt.date(1990, 12, 31),
        "07/14/1979": dt.date(1979, 7, 14),
        "25/03/1985": dt.date(1985, 3, 25),  # the one day-first value, read as it must be
        "04/05/1990": dt.date(1990, 4, 5),  # ambiguous: month-first, 3 against 1
        "4.5.1991": dt.date(1991, 4, 5),  # no dotted evidence: the whole column's
    }


def test_declared_format_breaks_ties(make_workspace: MakeWorkspace) -> None:
    # One value each way: a tie the declaration settles; the unambiguous ones read alike.
    values = ["25/03/1985", "03/25/1986", "04/05/1990"]
    ws = _import(
        make_workspace,
        {"eu": values, "us": values},
        eu=_source("eu.csv", ["%d/%m/%Y"]),
        us=_source("us.csv", ["%m/%d/%Y"]),
    )
    eu, us = _dates(ws, "eu"), _dates(ws, "us")
    assert eu["04/05/1990"] == dt.date(1990, 5, 4)
    assert us["04/05/1990"] == dt.date(1990, 4, 5)
    assert eu["25/03/1985"] == us["25/03/1985"] == dt.date(1985, 3, 25)
    assert eu["03/25/1986"] == us["03/25/1986"] == dt.date(1986, 3, 25)


def test_declared_format_is_the_default_without_evidence(make_workspace: MakeWorkspace) -> None:
    values = ["04/05/1990", "01/02/1980"]
    ws = _import(
        make_workspace,
        {"eu": values, "us": values},
        eu=_source("eu.csv", ["%d/%m/%Y"]),
        us=_source("us.csv", ["%m/%d/%Y"]),
    )
    assert _dates(ws, "eu") == {
        "04/05/1990": dt.date(1990, 5, 4),
        "01/02/1980": dt.date(1980, 2, 1),
    }
    assert _dates(ws, "us") == {
        "04/05/1990": dt.date(1990, 4, 5),
        "01/02/1980": dt.date(1980, 1, 2),
    }


def test_evidence_outweighs_the_declaration(make_workspace: MakeWorkspace) -> None:
    # Declared month-first, but two values can only be day-first and none month-first.
    values = ["25/03/1985", "14/07/1990", "04/05/1990"]
    ws = _import(make_workspace, {"s": values}, s=_source("s.csv", ["%m/%d/%Y"]))
    assert _dates(ws, "s")["04/05/1990"] == dt.date(1990, 5, 4)


def test_declared_order_per_separator(make_workspace: MakeWorkspace) -> None:
    values = ["04.05.1990", "04/05/1990"]
    ws = _import(make_workspace, {"s": values}, s=_source("s.csv", ["%d.%m.%Y", "%m/%d/%Y"]))
    assert _dates(ws, "s") == {"04.05.1990": dt.date(1990, 5, 4), "04/05/1990": dt.date(1990, 4, 5)}


def test_evidence_of_one_separator_before_the_others(make_workspace: MakeWorkspace) -> None:
    # Dotted values are day-first, slashed ones month-first (two systems merged).
    values = ["25.03.1985", "14.07.1990", "04.05.1990", "03/25/1985", "04/05/1990"]
    ws = _import(make_workspace, {"s": values}, s=_source("s.csv", None))
    got = _dates(ws, "s")
    assert got["04.05.1990"] == dt.date(1990, 5, 4)
    assert got["04/05/1990"] == dt.date(1990, 4, 5)


def test_implausible_future_unparseable_and_ambiguous_are_issues(
    make_workspace: MakeWorkspace,
) -> None:
    values = ["05/06/0089", "01/01/2099", "ieri", "32/01/1990", "04/05/1990", "1364/01/05"]
    ws = _import(make_workspace, {"s": values}, s=_source("s.csv", None))
    assert _dates(ws, "s") == dict.fromkeys(values)  # nothing read, every raw value kept
    issues = _issues(ws, "s")
    assert set(issues) == set(values)
    assert {(f, c) for f, c, _ in issues.values()} == {("birth_date", "dob")}
    reasons = {raw: reason for raw, (_, _, reason) in issues.items()}
    assert (
        reasons["05/06/0089"] == "implausible date '05/06/0089' (read as 0089-06-05, before 1900)"
    )
    assert (
        reasons["01/01/2099"] == "implausible date '01/01/2099' (read as 2099-01-01, in the future)"
    )
    assert reasons["ieri"].startswith("unparseable date 'ieri' (expected ")
    assert reasons["32/01/1990"].startswith("unparseable date '32/01/1990'")
    assert reasons["04/05/1990"].startswith("ambiguous date '04/05/1990'")
    # A Persian (Jalali) year is not silently taken for a Gregorian one.
    assert reasons["1364/01/05"].startswith("implausible date '1364/01/05'")


def test_a_future_reading_tries_the_other_order(make_workspace: MakeWorkspace) -> None:
    # An ambiguous value of a day-first column whose day-first reading is after today and
    # whose month-first reading is not: the next candidate is taken (two days' margin each
    # way, whatever the time zone).
    today = dt.datetime.now(dt.UTC).date()
    pairs = [
        (a, b)
        for a in range(1, 13)
        for b in range(1, 13)
        if dt.date(today.year, b, a) > today + dt.timedelta(days=2)
        and dt.date(today.year, a, b) < today - dt.timedelta(days=2)
    ]
    if not pairs:
        pytest.skip("no such day and month this early or late in the year")
    a, b = pairs[0]
    raw = f"{a:02d}/{b:02d}/{today.year}"
    ws = _import(make_workspace, {"s": [raw, "25/03/1985"]}, s=_source("s.csv", ["%d/%m/%Y"]))
    assert _dates(ws, "s")[raw] == dt.date(today.year, a, b)


def _yy(day: dt.date, order: DayMonth = DAY) -> str:
    first, second = (day.day, day.month) if order is DAY else (day.month, day.day)
    return f"{first:02d}/{second:02d}/{day.year % 100:02d}"


def test_two_digit_years_pivot_to_the_latest_past_century(make_workspace: MakeWorkspace) -> None:
    today = dt.datetime.now(dt.UTC).date()
    recent, soon = today - dt.timedelta(days=3), today + dt.timedelta(days=3)
    cases = {
        _yy(recent): recent,  # this century: not in the future
        _yy(soon): soon.replace(year=soon.year - 100),  # would be in the future: 1900s
        "25/03/30": dt.date(2030 if dt.date(2030, 3, 25) <= today else 1930, 3, 25),
        "01/01/00": dt.date(2000, 1, 1),
    }
    ws = _import(make_workspace, {"s": list(cases)}, s=_source("s.csv", ["%d/%m/%y"]))
    assert _dates(ws, "s") == cases


def test_round_trip_of_many_dates_in_each_convention(make_workspace: MakeWorkspace) -> None:
    """Two thousand random days written in one convention per source, no date_formats
    declared: each source's evidence settles its order and every day reads back."""
    rng = random.Random(20261204)
    today = dt.datetime.now(dt.UTC).date()
    # Within the last 99 years so two-digit years are not ambiguous between centuries.
    oldest = today - dt.timedelta(days=99 * 365)
    days = [
        oldest + dt.timedelta(days=rng.randrange((today - oldest).days - 3)) for _ in range(400)
    ]
    conventions: dict[str, Callable[[dt.date], str]] = {
        "dmy_slash": lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
        "dmy_unpadded": lambda d: f"{d.day}/{d.month}/{d.year}",
        "mdy_slash": lambda d: f"{d.month:02d}/{d.day:02d}/{d.year}",
        "mdy_unpadded": lambda d: f"{d.month}/{d.day}/{d.year}",
        "dmy_dot": lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
        "dmy_dash_yy": lambda d: f"{d.day:02d}-{d.month:02d}-{d.year % 100:02d}",
        "mdy_slash_yy": lambda d: f"{d.month:02d}/{d.day:02d}/{d.year % 100:02d}",
        "compact": lambda d: f"{d.year}{d.month:02d}{d.day:02d}",
        "iso_time": lambda d: f"{d.isoformat()} 00:00:00",
    }
    columns = {name: sorted({fmt(d) for d in days}) for name, fmt in conventions.items()}
    sources = {name: _source(f"{name}.csv", None) for name in conventions}
    ws = _import(make_workspace, columns, **sources)
    for name, fmt in conventions.items():
        expected = {fmt(d): d for d in days}
        assert _dates(ws, name) == expected, name
        assert _issues(ws, name) == {}, name


def test_timestamps_date_part_follows_the_column(make_workspace: MakeWorkspace) -> None:
    csv = (
        "id,ts\n"
        "1,25/03/2025 10:30\n"
        "2,03/04/2025 10:30\n"  # ambiguous: day-first like row 1
        "3,2025-03-01T10:00:00Z\n"  # ISO 8601 as before
        "4,1/2/2025 9:05:30\n"
        "5,1741600000\n"  # epoch seconds as before
        "6,03/04/25 08:00\n"
    )
    ws = make_workspace(
        {"ev": {**_source("ev.csv", None, ts="timestamp"), "kind": "event"}}, {"ev.csv": csv}
    )
    ws.import_sources()
    got = {
        r["record_id"]: r["occurred_at"].astimezone(dt.UTC).replace(tzinfo=None)
        for r in rows(ws, "SELECT record_id, occurred_at FROM records")
    }
    assert got == {
        "1": dt.datetime(2025, 3, 25, 10, 30),
        "2": dt.datetime(2025, 4, 3, 10, 30),
        "3": dt.datetime(2025, 3, 1, 10, 0),
        "4": dt.datetime(2025, 2, 1, 9, 5, 30),
        "5": dt.datetime(2025, 3, 10, 9, 46, 40),
        "6": dt.datetime(2025, 4, 3, 8, 0),
    }


def test_ambiguous_timestamp_without_evidence_is_an_issue(make_workspace: MakeWorkspace) -> None:
    csv = "id,ts\n1,03/04/2025 10:30\n2,2025-03-01 10:00\n"
    ws = make_workspace(
        {"ev": {**_source("ev.csv", None, ts="timestamp"), "kind": "event"}}, {"ev.csv": csv}
    )
    ws.import_sources()
    got = {r["record_id"]: r["occurred_at"] for r in rows(ws, "SELECT * FROM records")}
    assert got["1"] is None and got["2"] is not None
    issues = rows(ws, "SELECT * FROM quality_issues")
    assert [(i["field"], i["column_name"], i["raw_value"]) for i in issues] == [
        ("timestamp", "ts", "03/04/2025 10:30")
    ]
    assert issues[0]["reason"].startswith("ambiguous timestamp '03/04/2025 10:30'")


def test_dirty_values_never_raise(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace({})
    values = [
        "", " ", "0", "00/00/0000", "99/99/9999", "1/1/1", "12345678901234", "2025-13-45",
        "٠٥/٠٦/١٩٨٩", "۱۳۶۴/۰۱/۰۵", "25/03/1985 25:99", "25/03/1985T10:30+02:00", "'); --",
        "25//03/1985", "25/03-1985", "1985-03-04T10:00:00.123456789Z", "-1/-2/-3", "٢٠٢٥-٠١-٠١",
    ]  # fmt: skip
    listed = ", ".join("('" + v.replace("'", "''") + "')" for v in values)
    orders = decide_orders({}, ["%d/%m/%Y"])
    map_dates(ws.engine, "t_dates", f"SELECT v FROM (VALUES {listed}) AS t(v)", orders, [])
    got = {r["raw"]: (r["value"], r["reason"]) for r in rows(ws, "SELECT * FROM t_dates")}
    assert set(got) == set(values)
    for raw, (value, reason) in got.items():
        assert (value is None) != (reason is None), raw
    assert got["25/03/1985T10:30+02:00"][0] == dt.date(1985, 3, 25)
    assert got["1985-03-04T10:00:00.123456789Z"][0] == dt.date(1985, 3, 4)
    assert got["25/03-1985"][0] is None and got["25/03/1985 25:99"][0] is None


@pytest.mark.parametrize(
    ("formats", "by_sep", "first"),
    [
        (["%d/%m/%Y"], {"/": DAY}, DAY),
        (["%m/%d/%Y %H:%M"], {"/": MONTH}, MONTH),
        (["%d.%m.%y"], {".": DAY}, DAY),
        (["%Y-%m-%d", "%d.%m.%Y", "%m/%d/%Y"], {".": DAY, "/": MONTH}, DAY),
        (["%d/%m/%Y", "%m/%d/%Y"], {"/": DAY}, DAY),  # the first one for a separator wins
        (["%Y-%m-%d", "%Y%m%d", "%d %b %Y", "%B %d, %Y"], {}, None),
        (["%d/%d/%Y", "%d/%m.%Y"], {}, None),  # not a day and a month, mixed separators
    ],
)
def test_declared_orders(
    formats: list[str], by_sep: dict[str, DayMonth], first: DayMonth | None
) -> None:
    assert declared_orders(formats) == (by_sep, first)


def _orders(**by_sep: DayMonth | None) -> ColumnOrders:
    names = {"slash": "/", "dot": ".", "dash": "-"}
    return ColumnOrders({names[k]: v for k, v in by_sep.items()})


@pytest.mark.parametrize(
    ("evidence", "formats", "expected"),
    [
        ({}, [], _orders(slash=None, dot=None, dash=None)),
        ({}, ["%m/%d/%Y"], _orders(slash=MONTH, dot=MONTH, dash=MONTH)),
        ({"/": Evidence(3, 1)}, ["%m/%d/%Y"], _orders(slash=DAY, dot=DAY, dash=DAY)),
        ({"/": Evidence(1, 1)}, ["%m/%d/%Y"], _orders(slash=MONTH, dot=MONTH, dash=MONTH)),
        ({"/": Evidence(1, 1)}, [], _orders(slash=None, dot=None, dash=None)),
        # dots: own evidence; slashes: their declaration; dashes: the column's evidence
        (
            {".": Evidence(5, 0), "/": Evidence(0, 1)},
            ["%m/%d/%Y"],
            _orders(slash=MONTH, dot=DAY, dash=DAY),
        ),
        (
            {".": Evidence(0, 0), "/": Evidence(0, 2)},
            ["%d.%m.%Y"],
            _orders(slash=MONTH, dot=DAY, dash=MONTH),
        ),
    ],
)
def test_decide_orders(
    evidence: dict[str, Evidence], formats: list[str], expected: ColumnOrders
) -> None:
    assert decide_orders(evidence, formats) == expected
