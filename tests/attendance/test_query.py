from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from tcbot.attendance.query import latest_day


def test_the_latest_today_on_earth_does_not_depend_on_the_offset_now_is_written_in() -> None:
    # 09:00 at UTC-10 is 19:00 UTC: already 7 Oct east of UTC+5.
    now = datetime(2025, 10, 6, 9, 0, tzinfo=timezone(timedelta(hours=-10)))

    assert latest_day(now) == date(2025, 10, 7)
    assert latest_day(now.astimezone(timezone(timedelta(hours=9)))) == date(2025, 10, 7)
