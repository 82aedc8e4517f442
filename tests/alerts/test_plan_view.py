"""Every edit of an alert's messages shows it as it stands now: the same view for a button's
edit and for delivery's, so one never undoes the other."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tcbot.alerts.model import Alert
from tcbot.alerts.plan import view_of
from tcbot.slack.blocks import alert_message
from tcbot.store import Store
from tests.slack.reading import buttons, shown

ZONE = ZoneInfo("Asia/Jerusalem")
MONDAY = datetime(2025, 10, 13, 12, 0, tzinfo=ZONE)
ALERT = Alert(
    rule="missing_punch_out",
    employee="1001",
    email="dana@example.com",
    date=date(2025, 10, 13),
    at=MONDAY,
    subject=(MONDAY - timedelta(hours=12)).isoformat(),
    detail="punched in at 00:00, no punch-out after 12h",
    timezone="Asia/Jerusalem",
    ongoing=True,
)


def test_an_expired_snooze_is_not_shown_and_a_sent_reminder_is(tmp_path: Path) -> None:
    with Store.open(tmp_path / "tcbot.db") as store:
        store.alerts.claim(ALERT, now=MONDAY)
        store.alerts.snooze(
            ALERT.key, by_user="U0MGR", until=MONDAY + timedelta(hours=6), now=MONDAY
        )
        store.alerts.mark_reminded(ALERT.key, now=MONDAY, by_user="U0MGR")
        tuesday = MONDAY + timedelta(days=1)
        store.alerts.acknowledge(ALERT.key, by_user="U0MGR", now=tuesday)
        stored = store.alerts.get(ALERT.key)
        assert stored is not None

        edited = alert_message(ALERT, state=view_of(stored, tuesday))

    text = shown(edited)
    assert "Snoozed" not in text
    assert "Acknowledged by <@U0MGR>" in text
    assert "<@U0MGR> sent a reminder" in text
    assert "alert_remind" not in buttons(edited)  # the reminder went; it is not offered again
    assert "alert_snooze" in buttons(edited)  # yesterday's snooze is over: snoozing is offered
