"""The sandbox company's people: a few fixed, recognisable ones, then generated staff.

Everything here is derived from the employee's position in the roster, so the
same person (number, name, email, zone, group) exists in every company size.
The personal fields (birthday, gender, passport) are invented and only feed
the `extended-sessions` reply, as the real API sends them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

FIRST_NUMBER = 1001
GROUPS = ("Support", "Engineering", "Sales", "Warehouse")
JERUSALEM = "Asia/Jerusalem"
# The zone mix by percentile of a generated employee's slot: most staff in Israel.
ZONE_SHARES = (
    (80, JERUSALEM),
    (89, "Europe/London"),
    (97, "America/New_York"),
    (100, "Asia/Kolkata"),
)
TEAM_CHANNELS = {
    "Support": "C0SUPPORT",
    "Engineering": "C0ENG",
    "Sales": "C0SALES",
    "Warehouse": "C0WAREHOUSE",
}
ADMIN_SLACK_ID = "U0ADMIN"
ALERTS_CHANNEL = "C0ALERTS"


@dataclass(frozen=True, slots=True)
class Person:
    number: int
    first: str
    last: str
    email: str  # as TimeClock holds it: a few carry capitals or stray spaces
    timezone: str
    groups: tuple[str, ...]
    team: str
    slack_id: str
    gender: str
    birthday: date
    started: date

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def clean_email(self) -> str:
        return self.email.strip().lower()

    @property
    def record_id(self) -> int:
        """TimeClock's internal id, shown only by `extended-sessions`."""
        return 20_000 + self.number * 3

    @property
    def passport(self) -> str:
        return f"SBX{self.number * 7919 % 1_000_000:06d}"


# (number, first, last, email, zone, group, Slack ID) of the people the docs and demo name.
FIXED: tuple[tuple[int, str, str, str, str, str, str], ...] = (
    (1001, "Dana", "Levi", "dana@example.com", JERUSALEM, "Support", "U1001"),
    (1002, "Noa", "Shapiro", "noa.shapiro@example.com", JERUSALEM, "Support", "U0MGRSUPP"),
    (1003, "Omer", "Katz", "omer.katz@example.com", JERUSALEM, "Engineering", "U0MGRENG"),
    (1004, "Maya", "Friedman", "maya.friedman@example.com", JERUSALEM, "Sales", "U0MGRSALES"),
    (1005, "Yossi", "Mizrahi", "yossi.mizrahi@example.com", JERUSALEM, "Warehouse", "U0MGRWARE"),
    (1006, "Ruth", "Ben-David", "ruth.ben-david@example.com", JERUSALEM, "HR", ADMIN_SLACK_ID),
    (1007, "James", "Walker", " James.Walker@Example.com ", "Europe/London", "Sales", "U1007"),
    (
        1008,
        "Emily",
        "Carter",
        "emily.carter@example.com",
        "America/New_York",
        "Engineering",
        "U1008",
    ),
)
FIXED_LOCALS = frozenset(row[3].strip().lower().split("@")[0] for row in FIXED)
# Team name -> the Slack ID of its manager (also an employee above).
MANAGERS = {
    "Support": "U0MGRSUPP",
    "Engineering": "U0MGRENG",
    "Sales": "U0MGRSALES",
    "Warehouse": "U0MGRWARE",
}

FIRST_NAMES = (
    ("Avi", "male"), ("Tamar", "female"), ("Eitan", "male"), ("Shira", "female"),
    ("Yonatan", "male"), ("Michal", "female"), ("Itai", "male"), ("Yael", "female"),
    ("Amir", "male"), ("Liat", "female"), ("Daniel", "male"), ("Noga", "female"),
    ("Ori", "male"), ("Hila", "female"), ("Gil", "male"), ("Roni", "female"),
    ("Tom", "male"), ("Sarah", "female"), ("Ben", "male"), ("Anna", "female"),
    ("Lior", "male"), ("Maya", "female"), ("Nadav", "male"), ("Inbal", "female"),
    ("David", "male"), ("Rachel", "female"), ("Matan", "male"), ("Keren", "female"),
    ("Alex", "male"), ("Olivia", "female"), ("Sam", "male"), ("Priya", "female"),
    ("Raj", "male"), ("Emma", "female"), ("Jack", "male"), ("Lily", "female"),
    ("Ethan", "male"), ("Chloe", "female"), ("Arjun", "male"), ("Zoe", "female"),
)  # fmt: skip
LAST_NAMES = (
    "Cohen", "Levy", "Mizrahi", "Peretz", "Biton", "Dahan", "Avraham", "Friedman",
    "Azoulay", "Katz", "Malka", "Amar", "Ohana", "Gabay", "Hadad", "Segal",
    "Smith", "Jones", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Thomas",
    "Johnson", "Miller", "Garcia", "Martin", "Lee", "Clark", "Patel", "Sharma",
    "Rosen", "Golan", "Baron", "Shalev", "Navon", "Tal", "Harel", "Ziv",
)  # fmt: skip


def build_people(count: int) -> list[Person]:
    """The first `count` people of the roster, numbered from 1001 up."""
    people = [_fixed(row) for row in FIXED[:count]]
    for slot in range(len(people), count):
        people.append(_generated(slot))
    return people


def _fixed(row: tuple[int, str, str, str, str, str, str]) -> Person:
    number, first, last, email, zone, group, slack_id = row
    gender = next((g for name, g in FIRST_NAMES if name == first), "female")
    if first in ("Omer", "Yossi", "James"):
        gender = "male"
    return Person(
        number=number,
        first=first,
        last=last,
        email=email,
        timezone=zone,
        groups=(group,),
        team=group,
        slack_id=slack_id,
        gender=gender,
        birthday=_birthday(number),
        started=_started(number),
    )


def _generated(slot: int) -> Person:
    number = FIRST_NUMBER + slot
    first, gender = FIRST_NAMES[slot % len(FIRST_NAMES)]
    last = LAST_NAMES[(slot // len(FIRST_NAMES)) % len(LAST_NAMES)]
    # Past 1,600 people the name pairs repeat; a suffix keeps every email unique.
    round_ = slot // (len(FIRST_NAMES) * len(LAST_NAMES))
    local = f"{first}.{last}{round_ + 1 if round_ else ''}"
    if local.lower() in FIXED_LOCALS:
        local += "0"  # never a generated suffix, so still unique
    email = f"{local.lower()}@example.com"
    if slot % 53 == 0:
        # Some records in TimeClock were typed by hand.
        email = f" {local}@Example.com"
    group = GROUPS[(slot * 7) % 10 // 3]  # 30% each of the first three, 10% Warehouse
    percentile = (slot * 37) % 100
    zone = next(z for limit, z in ZONE_SHARES if percentile < limit)
    return Person(
        number=number,
        first=first,
        last=last,
        email=email,
        timezone=zone,
        groups=(group,),
        team=group,
        slack_id=f"U{number}",
        gender=gender,
        birthday=_birthday(number),
        started=_started(number),
    )


def _birthday(number: int) -> date:
    return date(1970, 1, 1) + timedelta(days=(number * 2654435761) % (365 * 35))


def _started(number: int) -> date:
    return date(2012, 1, 1) + timedelta(days=(number * 40503) % (365 * 12))
