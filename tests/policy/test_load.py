from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path

import pytest

from tcbot.errors import ConfigError
from tcbot.policy.load import load_policy, parse_policy
from tcbot.policy.model import Policy, RuleLimits, Schedule, Team
from tcbot.timeclock.records import Employee

# PRODUCT.md's example, byte for byte.
EXAMPLE = """\
timezone = "Asia/Jerusalem"     # company timezone
week_starts_on = "sunday"       # default: sunday for Asia/Jerusalem, else monday
workdays = ["sun", "mon", "tue", "wed", "thu"]   # same rule for the default
holidays = ["2025-10-07"]
lunch_is_paid = false
alerts_channel = "C0123ALERTS"  # channel ID or #name
admins = ["U0123ADMIN"]
poll_every = "5m"               # `run` also polls once right after start
digest_at = "17:30"             # managers' daily digest, company time
retention = "90d"

[schedule]                       # company default
start = "09:00"
end = "18:00"

[rules]
late_start_grace = "10m"
no_show_after = "2h"
long_lunch = "45m"
missing_punch_out_after = "12h"
overtime_day = "10h"
overtime_week = "45h"

[[teams]]
name = "Support"
managers = ["U0123MGR"]
channel = "C0123SUPP"            # optional; else alerts_channel
members = ["1265", "dana@example.com", "group:Support"]
schedule = { start = "08:00", end = "17:00" }
rules = { long_lunch = "60m" }
exempt = ["1300"]                # never alerted on
"""


def test_product_example_parses_to_its_values() -> None:
    policy = parse_policy(EXAMPLE)

    assert policy == Policy(
        timezone="Asia/Jerusalem",
        week_starts_on=6,
        workdays=frozenset({6, 0, 1, 2, 3}),
        holidays=frozenset({date(2025, 10, 7)}),
        lunch_is_paid=False,
        alerts_channel="C0123ALERTS",
        admins=("U0123ADMIN",),
        poll_every=timedelta(minutes=5),
        digest_at=time(17, 30),
        retention=timedelta(days=90),
        schedule=Schedule(time(9, 0), time(18, 0)),
        rules=RuleLimits(
            late_start_grace=timedelta(minutes=10),
            no_show_after=timedelta(hours=2),
            long_lunch=timedelta(minutes=45),
            missing_punch_out_after=timedelta(hours=12),
            overtime_day=timedelta(hours=10),
            overtime_week=timedelta(hours=45),
        ),
        teams=(
            Team(
                name="Support",
                managers=("U0123MGR",),
                channel="C0123SUPP",
                members=("1265", "dana@example.com", "group:Support"),
                schedule=Schedule(time(8, 0), time(17, 0)),
                rules={"long_lunch": timedelta(minutes=60)},
                exempt=("1300",),
            ),
        ),
    )
    dana = Employee("1265", "dana@example.com")
    assert policy.limits_for(dana).long_lunch == timedelta(minutes=60)
    assert policy.limits_for(dana).overtime_day == timedelta(hours=10)
    assert policy.is_exempt(Employee("1300"))


def test_an_empty_file_is_the_defaults() -> None:
    assert parse_policy("") == Policy()
    assert parse_policy("# nothing set\n\n") == Policy()
    assert load_policy(None) == Policy()


@pytest.mark.parametrize(
    ("text", "first_weekday", "workdays"),
    [
        ('timezone = "Asia/Jerusalem"', 6, {6, 0, 1, 2, 3}),
        ('timezone = "Europe/London"', 0, {0, 1, 2, 3, 4}),
        ('timezone = "Asia/Jerusalem"\nweek_starts_on = "Monday"', 0, {6, 0, 1, 2, 3}),
        ('timezone = "Europe/London"\nworkdays = ["sat", "SUNDAY"]', 0, {5, 6}),
    ],
)
def test_week_and_workdays_follow_the_timezone_unless_set(
    text: str, first_weekday: int, workdays: set[int]
) -> None:
    policy = parse_policy(text)
    zone = policy.company_timezone()

    assert policy.first_weekday(zone) == first_weekday
    assert policy.workday_set(zone) == workdays


def test_partial_tables_keep_the_other_defaults() -> None:
    policy = parse_policy(
        '[schedule]\nstart = "07:30"\n[rules]\nlong_lunch = "1h"\n'
        '[[teams]]\nname = "Night"\nschedule = { end = "06:00" }\n'
    )

    assert policy.schedule == Schedule(time(7, 30), time(18, 0))
    assert policy.rules == RuleLimits(long_lunch=timedelta(hours=1))
    # A team's schedule takes what it leaves out from the company's.
    assert policy.teams[0].schedule == Schedule(time(7, 30), time(6, 0))


ONE_PROBLEM = [
    ('poll_evry = "5m"', 1, "`poll_evry` is not a policy key; did you mean `poll_every`?"),
    ('colour = "red"', 1, "`colour` is not a policy key; expected one of timezone, week_starts_on"),
    (
        'timezone = "UTC"\npoll_every = "5x"',
        2,
        "`poll_every` is '5x', not a duration; write it like 30s, 45m, 2h, 1h30m or 90d",
    ),
    ("poll_every = 5", 1, '`poll_every` must be a duration in quotes like "45m", not the number 5'),
    ('retention = "0d"', 1, "`retention` is '0d'; it must be longer than zero"),
    ('week_starts_on = "sundy"', 1, "`week_starts_on` is 'sundy', not a weekday; write sun, mon"),
    ('workdays = ["sun", "funday"]', 1, "`workdays` is 'funday', not a weekday"),
    ('workdays = "sun"', 1, '`workdays` must be a list of weekdays like ["mon", "tue"]'),
    ('digest_at = "25:00"', 1, "`digest_at` is '25:00', not a time; write it as \"HH:MM\""),
    ('[schedule]\nstart = "9am"', 2, "`schedule.start` is '9am', not a time"),
    ('[schedule]\nbegin = "09:00"', 2, "`schedule.begin` is not a schedule key; expected one of"),
    (
        'holidays = ["2025-02-30"]',
        1,
        "`holidays` has '2025-02-30', not a date; write \"YYYY-MM-DD\"",
    ),
    ('holidays = ["7/10/2025"]', 1, "`holidays` has '7/10/2025', not a date"),
    (
        'timezone = "Asia/Jerusalm"',
        1,
        "`timezone` is 'Asia/Jerusalm', not a known IANA timezone; did you mean 'Asia/Jerusalem'?",
    ),
    ('lunch_is_paid = "no"', 1, "`lunch_is_paid` must be true or false, not a string"),
    ('admins = "U1"', 1, '`admins` must be a list of strings like ["a", "b"], not a string'),
    ('admins = ["U1", 5]', 1, "`admins` must be a string in quotes, not the number 5"),
    ('alerts_channel = ""', 1, "`alerts_channel` is empty; write a value or leave the key out"),
    ('schedule = "9-5"', 1, "`schedule` must be a table, not a string"),
    ('teams = "support"', 1, "`teams` must be written as [[teams]] tables, not a string"),
    (
        '[rules]\nlong_luch = "60m"',
        2,
        "`rules.long_luch` is not a rule; did you mean `long_lunch`?",
    ),
    ('[rules]\nlate_start_grace = "0m"\nlong_lunch = "0m"', 3, "`rules.long_lunch` is '0m'"),
    ('[[teams]]\nmanagers = ["U1"]', 1, 'a [[teams]] table has no `name`; add name = "..."'),
    (
        '[[teams]]\nname = "A"\n\n[[teams]]\nname = "B"\nrules = { long_luch = "60m" }',
        6,
        "`teams.rules.long_luch` is not a rule; did you mean `long_lunch`?",
    ),
    ('[[teams]]\nname = "A"\n[teams.rules]\nlong_lunch = "1h"\novertime = "9h"', 5, "overtime"),
    ('[[teams]]\nname = "Support"\n\n[[teams]]\nname = "support"', 5, "'support' names two teams"),
    ('[[teams]]\nname = "A"\nschedule = { start = "8" }', 3, "`teams.schedule.start` is '8'"),
    ('[[teams]]\nname = "A"\nmember = ["1"]', 3, "`teams.member` is not a team key; did you mean"),
    ('a = "x"\nb = ', 2, "tcbot.toml is not valid TOML: Invalid value"),
    ('[rules\nlong_lunch = "1h"', 1, "tcbot.toml is not valid TOML"),
]


@pytest.mark.parametrize(("text", "line", "problem"), ONE_PROBLEM)
def test_each_problem_names_the_key_its_line_and_what_is_expected(
    text: str, line: int, problem: str
) -> None:
    with pytest.raises(ConfigError) as error:
        parse_policy(text)

    assert error.value.setting == "TCBOT_CONFIG"
    assert error.value.line == line
    assert str(error.value).startswith(f"TCBOT_CONFIG (line {line}): ")
    assert problem in str(error.value)


def test_all_problems_are_reported_at_once_in_line_order() -> None:
    text = '[[teams]]\nmembers = ["1"]\n\n[rules]\nlong_lunch = 45\n'
    text = 'poll_every = "5x"\n' + text

    with pytest.raises(ConfigError) as error:
        parse_policy(text, source="/etc/tcbot.toml")

    assert str(error.value) == (
        "TCBOT_CONFIG: /etc/tcbot.toml has 3 problems: "
        "line 1: `poll_every` is '5x', not a duration; write it like 30s, 45m, 2h, 1h30m or 90d; "
        'line 2: a [[teams]] table has no `name`; add name = "..."; '
        'line 6: `rules.long_lunch` must be a duration in quotes like "45m", not the number 45'
    )


def test_load_policy_reads_the_file_and_names_it(tmp_path: Path) -> None:
    good = tmp_path / "tcbot.toml"
    good.write_text(EXAMPLE, encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text('lunch_is_paid = "yes"\n', encoding="utf-8")

    assert load_policy(good) == parse_policy(EXAMPLE)
    with pytest.raises(ConfigError, match=r"^TCBOT_CONFIG \(line 1\): in .*bad\.toml, "):
        load_policy(bad)
    with pytest.raises(ConfigError, match=r"^TCBOT_CONFIG: cannot read .*missing\.toml"):
        load_policy(tmp_path / "missing.toml")


def test_a_bare_channel_name_is_refused_with_both_ways_to_write_it() -> None:
    with pytest.raises(ConfigError) as raised:
        parse_policy('alerts_channel = "general"\n')
    assert "line 1" in str(raised.value)
    assert "C0123ALERTS" in str(raised.value) and '"#general"' in str(raised.value)
    assert parse_policy('alerts_channel = "#general"\n').alerts_channel == "#general"
    assert parse_policy('alerts_channel = "C0123ALERTS"\n').alerts_channel == "C0123ALERTS"
