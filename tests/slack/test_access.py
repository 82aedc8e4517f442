from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tcbot.policy.model import Policy, Team
from tcbot.slack.access import may_see, refuse, teams_managed_by
from tcbot.slack.people import Identity
from tcbot.store import Store
from tcbot.timeclock.records import Employee
from tests.slack.harness import NOW
from tests.slack.reading import shown

POLICY = Policy(
    admins=("UADMIN",),
    teams=(
        Team("Support", managers=("UNOA",), members=("group:Support", "1300")),
        Team("Sales", managers=("UMAYA", "UNOA"), members=("sales@example.com",)),
    ),
)
DANA = Employee("1001", "dana@example.com", groups=("Support",))
PEER = Employee("1011", "daniel@example.com", groups=("Support",))
SALES = Employee("1400", "sales@example.com")
CONTRACTOR = Employee("1300", "temp@example.com")  # listed by number, in no group


def asker(user: str, email: str = "", number: str | None = None) -> Identity:
    return Identity(user, email=email, employee_number=number)


def test_everyone_may_see_themselves_by_email_or_linked_number() -> None:
    assert may_see(asker("U1", "Dana@Example.com".lower()), DANA, POLICY)
    assert may_see(asker("U1", number="1001"), DANA, POLICY)
    assert not may_see(asker("U1", "dana@example.com"), PEER, POLICY)


def test_a_linked_number_wins_over_the_email() -> None:
    assert not may_see(asker("U1", "dana@example.com", number="1999"), DANA, POLICY)


def test_managers_see_their_teams_members_by_group_number_or_email() -> None:
    noa = asker("UNOA", "noa@example.com")
    maya = asker("UMAYA", "maya@example.com")

    assert [may_see(noa, e, POLICY) for e in (DANA, CONTRACTOR, SALES)] == [True, True, True]
    assert [may_see(maya, e, POLICY) for e in (DANA, CONTRACTOR, SALES)] == [False, False, True]


def test_team_membership_by_group_needs_the_groups() -> None:
    without_groups = Employee("1001", "dana@example.com")
    assert not may_see(asker("UNOA"), without_groups, POLICY)


def test_admins_see_anyone() -> None:
    assert all(may_see(asker("UADMIN"), e, POLICY) for e in (DANA, PEER, SALES, CONTRACTOR))


def test_teams_managed_by_lists_them_in_policy_order() -> None:
    assert [t.name for t in teams_managed_by("UNOA", POLICY)] == ["Support", "Sales"]
    assert teams_managed_by("U1", POLICY) == []


def test_a_refusal_is_polite_and_recorded(tmp_path: Path) -> None:
    with Store.open(tmp_path / "refusals.db") as store:
        reply = refuse(
            asker("U1"), "<@U2|peer>", "/hours <@U2|peer> last week", store=store, now=NOW
        )
        recorded = store.people.refusals(since=NOW - timedelta(minutes=1))

    assert "Sorry, you can only see your own hours" in shown(reply)
    assert [(r.asker, r.target, r.what) for r in recorded] == [
        ("U1", "<@U2|peer>", "/hours <@U2|peer> last week")
    ]
