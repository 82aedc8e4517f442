"""TimeClock's local `YYYY-MM-DD HH:MM:SS` times read as aware datetimes in IANA zones, quickly.

A reply holds hundreds of thousands of these, nearly all on ordinary days. Each zone's days
are checked once for a DST transition; a time on a day without one is its wall time with the
zone attached. Only a day with a transition pays for the UTC round trip that settles gaps and
repeated hours (see `_localize`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

LOCAL_FORMAT = "%Y-%m-%d %H:%M:%S"
_ZERO_DATE = "0000-00-00"
_ZONE_EXPECTED = "expected an IANA name such as 'Asia/Jerusalem'"
_LAST_DAY = date.max.toordinal()
_combine = datetime.combine
_fromisoformat = datetime.fromisoformat


class Unreadable(Exception):
    """One field cannot be read; the message becomes the Skipped reason."""


class Zone:
    """One IANA zone as a reply names it, with which of its days are free of transitions."""

    __slots__ = ("name", "info", "_steady")

    def __init__(self, name: str, info: ZoneInfo) -> None:
        self.name = name
        self.info = info
        self._steady: dict[int, bool] = {}  # by the local day's ordinal

    def is_steady(self, naive: datetime) -> bool:
        """True when the zone's offset does not change on `naive`'s local day."""
        day = naive.toordinal()
        steady = self._steady.get(day)
        if steady is None:
            steady = self._steady[day] = _steady_day(self.info, day)
        return steady


class Zones:
    """Zones by the name a reply gives; each name is looked up once per reply."""

    __slots__ = ("_known",)

    def __init__(self) -> None:
        self._known: dict[str, Zone | str] = {}  # a Zone, or why the name is not one

    def get(self, raw: object) -> Zone:
        if not isinstance(raw, str):
            raise Unreadable(f"timezone is {kind(raw)}, {_ZONE_EXPECTED}")
        known = self._known.get(raw)
        if known is None:
            known = self._known[raw] = _lookup(raw)
        if isinstance(known, str):
            raise Unreadable(known)
        return known


def read_span(record: dict[str, object], zone: Zone) -> tuple[datetime, datetime | None]:
    """Start and end as aware instants in `zone`; end is None for an open record."""
    naive_start = _local(record.get("startDate"), "startDate")
    raw_end = record.get("endDate")
    if _is_open(raw_end):
        return _aware(naive_start, zone, "startDate"), None
    naive_end = _local(raw_end, "endDate")
    if zone.is_steady(naive_start) and zone.is_steady(naive_end):
        # Away from transitions wall-clock order is the instants' order.
        if naive_end < naive_start:
            raise Unreadable(f"endDate {quote(raw_end)} is before startDate")
        return _attached(naive_start, zone.info), _attached(naive_end, zone.info)
    start = _localize(naive_start, zone.info, "startDate")
    end = _localize(naive_end, zone.info, "endDate")
    # Compared in UTC: aware datetimes sharing a tzinfo compare by wall clock only.
    if _utc(end) < _utc(start):
        # An end in the repeated hour of a fall-back night, read as its first
        # occurrence, can land before the start; its second occurrence is the real one.
        later = _localize(naive_end, zone.info, "endDate", fold=1)
        if _utc(later) < _utc(start):
            raise Unreadable(f"endDate {quote(raw_end)} is before startDate")
        end = later
    return start, end


def _is_open(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and (not raw.strip() or raw.startswith(_ZERO_DATE)))


def _lookup(raw: str) -> Zone | str:
    name = raw.strip()
    if not name:
        return f"timezone is {kind(raw)}, {_ZONE_EXPECTED}"
    try:
        return Zone(name, ZoneInfo(name))
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return f"unknown timezone {quote(raw)}"


def _local(raw: object, field: str) -> datetime:
    if not isinstance(raw, str):
        raise Unreadable(f"{field} is {kind(raw)}, expected 'YYYY-MM-DD HH:MM:SS'")
    # fromisoformat is many times faster than strptime; on exactly this shape (ASCII digits
    # only) both accept the same strings. Anything else is left to strptime.
    if (
        len(raw) == 19
        and raw[10] == " "
        and raw[4] == "-"
        and raw[7] == "-"
        and raw[13] == ":"
        and raw[16] == ":"
    ):
        try:
            return _fromisoformat(raw)
        except ValueError:
            pass
    try:
        return datetime.strptime(raw.strip(), LOCAL_FORMAT)
    except ValueError:
        raise Unreadable(
            f"{field} {quote(raw)} is not a real date and time 'YYYY-MM-DD HH:MM:SS'"
        ) from None


def _aware(naive: datetime, zone: Zone, field: str) -> datetime:
    if zone.is_steady(naive):
        return _attached(naive, zone.info)
    return _localize(naive, zone.info, field)


def _attached(naive: datetime, zone: ZoneInfo) -> datetime:
    """The wall time with `zone` attached; right only away from transitions (fold 0)."""
    # combine() is several times cheaper than naive.replace(tzinfo=...) on CPython 3.11.
    return _combine(naive, naive.time(), zone)


def _localize(naive: datetime, zone: ZoneInfo, field: str, *, fold: int = 0) -> datetime:
    """The instant a local wall-clock time names in `zone`, written in that zone.

    fold=0 takes the first occurrence of an ambiguous (fall-back) time. A time that
    does not exist (the spring-forward gap) is read with the offset in force before
    the jump, which moves it forward by the gap: 02:30 in a 02:00→03:00 gap becomes
    03:30. The round trip through UTC writes that instant with its real wall time.
    """
    aware = naive.replace(tzinfo=zone, fold=fold)
    try:
        return aware.astimezone(UTC).astimezone(zone)
    except OverflowError:
        raise Unreadable(f"{field} {quote(str(naive))} is out of range in {zone.key}") from None


def _steady_day(zone: ZoneInfo, day: int) -> bool:
    """Whether no wall time on the day (an ordinal) is skipped, repeated or differently offset.

    Offsets are compared at the day's midnight and the next, in both folds. That finds every
    transition touching the day as long as a zone never changes its offset twice within a
    day: in tzdata the closest two changes of one zone are a week apart.
    """
    if not 1 < day < _LAST_DAY:
        return False  # the round trip may overflow on datetime's first and last days
    bounds = (datetime.fromordinal(day), datetime.fromordinal(day + 1))
    offsets = {zone.utcoffset(bound.replace(fold=fold)) for bound in bounds for fold in (0, 1)}
    return len(offsets) == 1


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def kind(value: object) -> str:
    if value is None:
        return "missing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "empty" if not value.strip() else "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def quote(value: object) -> str:
    """A field value short enough for a log line."""
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")
