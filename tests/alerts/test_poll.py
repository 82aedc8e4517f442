"""Polls against the sandbox TimeClock, delivered to the sandbox Slack: what reaches which
channel, once, across polls, restarts, a second process and a TimeClock outage."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta
from zoneinfo import ZoneInfo

from tcbot.alerts.poll import poll_window
from tcbot.sandbox.faults import Faults
from tcbot.sandbox.roster import ALERTS_CHANNEL
from tests.alerts.rig import NOW, build_bot, running_bot, world
from tests.slack.reading import buttons, shown

LATER = NOW + timedelta(minutes=5)


def test_a_forgotten_punch_out_is_posted_once_in_its_team_channel_and_to_its_manager(tmp_path):
    with world(tmp_path) as w, running_bot(w) as bot:
        forgot = w.planted("missing_punch_out")

        first = bot.poller.poll(NOW)
        bot.delivery.deliver(NOW)

        [channel_post] = w.posts(w.team_channel(forgot), forgot)
        [manager_dm] = w.posts(w.manager_dm(forgot), forgot)
        assert "missed a punch-out" in shown(channel_post)
        assert "punched in Mon 27 Oct 08:50" in shown(channel_post)
        assert set(buttons(channel_post)) == {"alert_ack", "alert_remind", "alert_snooze"}
        assert shown(manager_dm) == shown(channel_post)
        [nudge] = w.slack.messages(w.slack.dm_channel(w.company.person(forgot).slack_id))
        assert "punch out in TimeClock 365" in shown(nudge)
        assert first.api_calls == 2 and first.raised >= 1 and first.error is None

        posted = w.post_count()
        again = bot.poller.poll(LATER)
        bot.delivery.deliver(LATER)

        assert again.raised == 0
        assert w.post_count() == posted


def test_one_call_per_method_reads_today_and_yesterday_everywhere(tmp_path):
    with world(tmp_path, employees=120) as w, running_bot(w) as bot:
        result = bot.poller.poll(NOW)

        assert result.api_calls == 2
        assert w.timeclock.requests == Counter({"timesheet": 1, "extended-sessions": 1})
        assert bot.store.polls.last_poll().records == result.records > 0


def test_the_window_holds_today_and_yesterday_in_every_zone_at_any_hour():
    zones = ["Etc/GMT+12", "Pacific/Pago_Pago", "Asia/Jerusalem", "Pacific/Kiritimati"]
    for hour in range(0, 24, 3):
        now = NOW.replace(hour=hour)
        first, last = poll_window(now)
        for zone in zones:
            today = now.astimezone(ZoneInfo(zone)).date()
            assert first <= today - timedelta(days=1) and today <= last, (hour, zone)
        assert (last - first).days <= 3


def test_a_punch_out_resolves_the_alert_and_edits_its_messages_instead_of_reposting(tmp_path):
    with world(tmp_path) as w, running_bot(w) as bot:
        forgot = w.planted("missing_punch_out")
        bot.cycle(NOW)

        w.company.set_now(LATER)
        w.company.punch_out(forgot, at=NOW + timedelta(minutes=2))
        result = bot.poller.poll(LATER)
        bot.delivery.deliver(LATER)

        assert result.resolved == 1
        for channel in (w.team_channel(forgot), w.manager_dm(forgot)):
            [message] = missed_punch_outs(w.posts(channel, forgot))
            assert "Resolved: punched out at Tue 28 Oct, 07:32 IST" in shown(message)
            assert buttons(message) == {}
        assert len(w.slack.calls_to("chat.update")) == 2

        bot.cycle(LATER + timedelta(minutes=5))
        assert len(w.slack.calls_to("chat.update")) == 2
        [_] = missed_punch_outs(w.posts(w.team_channel(forgot), forgot))


def missed_punch_outs(messages: list[dict]) -> list[dict]:
    # A punch-out the next morning makes a long day too; that alert is a message of its own.
    return [m for m in messages if "missed a punch-out" in m["text"]]


def test_a_restart_on_the_same_database_posts_nothing_again(tmp_path):
    with world(tmp_path) as w:
        with running_bot(w) as first:
            first.cycle(NOW)
        posted = w.post_count()
        assert posted > 0

        with running_bot(w) as restarted:
            restarted.cycle(LATER)
            restarted.cycle(LATER + timedelta(minutes=5))

        assert w.post_count() == posted


def test_two_processes_on_one_database_post_each_message_once(tmp_path):
    with world(tmp_path) as w:
        with running_bot(w) as alone:
            alone.cycle(NOW)
        expected = Counter((m["channel"], m["text"]) for m in w.slack.messages())
        assert sum(expected.values()) > 3

    (tmp_path / "pair").mkdir()
    with world(tmp_path / "pair") as w:
        bots = [build_bot(w), build_bot(w)]
        try:
            threads = [threading.Thread(target=bot.cycle, args=(NOW,)) for bot in bots]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=10)
            for bot in bots:
                bot.delivery.deliver(NOW)  # whatever the other one queued after this one's turn
        finally:
            for bot in bots:
                bot.close()

        assert Counter((m["channel"], m["text"]) for m in w.slack.messages()) == expected


def test_an_outage_is_told_once_when_it_starts_and_once_when_it_ends(tmp_path):
    faults = Faults()
    with world(tmp_path, faults=faults) as w, running_bot(w) as bot:
        faults.add("500", times=6)  # two methods are asked at once: two per poll
        failed = []
        for minutes in (0, 5, 10):
            now = NOW + timedelta(minutes=minutes)
            failed.append(bot.poller.poll(now))
            bot.delivery.deliver(now)
        back = bot.poller.poll(NOW + timedelta(minutes=15))
        bot.delivery.deliver(NOW + timedelta(minutes=15))
        bot.cycle(NOW + timedelta(minutes=20))

        assert all("server error (HTTP 500)" in (result.error or "") for result in failed)
        assert back.error is None and back.raised > 0
        notices = [shown(m) for m in w.slack.messages(ALERTS_CHANNEL)]
        assert len(notices) == 2
        assert "TimeClock 365 cannot be reached" in notices[0]
        assert "keeps trying every 5m" in notices[0]
        assert "TimeClock 365 is reachable again" in notices[1]
        assert bot.store.polls.last_poll().errors is None
        assert bot.store.polls.active_outages() == {}


DIGEST_POLICY = """
timezone = "Asia/Jerusalem"
alerts_channel = "C0ALERTS"
[schedule]
start = "08:00"
[rules]
late_start_grace = "0m"
"""


def test_many_new_alerts_for_one_channel_become_one_digest(tmp_path):
    with world(tmp_path, policy_text=DIGEST_POLICY) as w, running_bot(w, nudge=False) as bot:
        result = bot.poller.poll(NOW)
        sent = bot.delivery.deliver(NOW)

        assert result.raised > 5
        [digest] = w.slack.messages(ALERTS_CHANNEL)
        assert f"{result.raised} new attendance alerts" in shown(digest)
        assert "late start" in shown(digest)
        assert sent.sent == 1
        opened = bot.store.alerts.open_alerts(now=NOW)
        assert len(opened) == result.raised
        assert all(alert.delivered_at == NOW for alert in opened)


def test_the_daily_digest_lists_each_managers_open_alerts_once(tmp_path):
    with world(tmp_path) as w, running_bot(w, nudge=False) as bot:
        forgot = w.planted("missing_punch_out")
        bot.cycle(NOW)
        dm = w.manager_dm(forgot)
        before = len(w.slack.messages(dm))

        evening = NOW.replace(hour=17, minute=30)
        managers = bot.digest.run(evening)
        again = bot.digest.run(evening + timedelta(minutes=1))
        bot.delivery.deliver(evening + timedelta(minutes=1))

        assert managers >= 1 and again == 0
        digest = w.slack.messages(dm)[before:]
        assert len(digest) == 1
        assert "Open attendance alerts · Tue 28 Oct" in shown(digest[0])
        assert "missed a punch-out" in shown(digest[0])


def test_the_purge_removes_resolved_alerts_past_the_retention_and_keeps_open_ones(tmp_path):
    with world(tmp_path) as w, running_bot(w, nudge=False) as bot:
        forgot = w.planted("missing_punch_out")
        bot.cycle(NOW)
        w.company.set_now(LATER)
        w.company.punch_out(forgot, at=NOW + timedelta(minutes=2))
        bot.cycle(LATER)
        still_open = len(bot.store.alerts.open_alerts(now=LATER))

        early = bot.purge.run(LATER + timedelta(days=89))
        removed = bot.purge.run(LATER + timedelta(days=91))

        assert early["alerts"] == 0
        assert removed["alerts"] == 1
        assert len(bot.store.alerts.open_alerts(now=LATER)) == still_open > 0
