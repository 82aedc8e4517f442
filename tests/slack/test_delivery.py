"""Delivery to the sandbox Slack when Slack misbehaves: every message arrives exactly once
after Slack recovers, or stays visibly undelivered; none is lost or doubled."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import timedelta

from tcbot.sandbox.roster import MANAGERS
from tests.alerts.rig import NOW, Bot, World, running_bot, world
from tests.sandboxes import sandbox_workspace
from tests.slack.reading import shown

LATER = NOW + timedelta(hours=1)


def delivered(w: World) -> Counter:
    return Counter((m["channel"], m["text"]) for m in w.slack.messages())


def expected_messages(tmp_path) -> Counter:
    """What a poll at NOW posts when Slack has no trouble."""
    (tmp_path / "calm").mkdir()
    with world(tmp_path / "calm") as w, running_bot(w) as bot:
        bot.cycle(NOW)
        return delivered(w)


def test_a_rate_limit_that_outlasts_the_retries_is_delivered_once_later(tmp_path):
    expected = expected_messages(tmp_path)
    with world(tmp_path) as w, running_bot(w) as bot:
        w.slack.fail("chat.postMessage", "ratelimited", times=3, retry_after=0)
        bot.poller.poll(NOW)
        first = bot.delivery.deliver(NOW)
        soon = bot.delivery.deliver(NOW + timedelta(seconds=1))
        later = bot.delivery.deliver(LATER)

        limited = [c for c in w.slack.calls_to("chat.postMessage") if c.error == "ratelimited"]
        assert len(limited) == 3  # slack-sdk honoured Retry-After twice, then left it to us
        assert (first.failed, soon.sent, later.sent) == (1, 0, 1)
        assert delivered(w) == expected
        assert bot.store.outbox.undelivered(now=LATER) == []


def test_server_errors_and_dropped_connections_are_retried_until_delivered(tmp_path):
    expected = expected_messages(tmp_path)
    with world(tmp_path) as w, running_bot(w) as bot:
        w.slack.fail("chat.postMessage", "internal_error", times=2)
        w.slack.drop_connection("conversations.open", times=3)
        bot.poller.poll(NOW)
        first = bot.delivery.deliver(NOW)
        [waiting] = [i for i in bot.store.outbox.undelivered(now=NOW) if i.last_error][:1]
        retries = [bot.delivery.deliver(LATER + timedelta(hours=n)) for n in range(3)]

        assert first.failed >= 2
        assert "internal_error" in (waiting.last_error or "") or "connection" in (
            waiting.last_error or ""
        )
        assert sum(r.sent for r in retries) == first.failed
        assert delivered(w) == expected


def test_a_channel_the_bot_is_not_in_keeps_its_messages_visible_and_says_what_to_do(
    tmp_path, caplog
):
    with world(tmp_path) as calm_world:
        forgot = calm_world.planted("missing_punch_out")
        channel = calm_world.team_channel(forgot)
        workspace = sandbox_workspace(calm_world.company)
    del workspace.channels[channel]
    workspace.other_channels[channel] = "no-bot-here"

    with world(tmp_path, workspace=workspace) as w, running_bot(w) as bot:
        caplog.set_level(logging.WARNING, logger="tcbot.slack.delivery")
        bot.poller.poll(NOW)
        result = bot.delivery.deliver(NOW)
        again = bot.delivery.deliver(LATER)

        assert w.posts(channel, forgot) == []
        assert len(w.posts(w.manager_dm(forgot), forgot)) == 1  # the manager still hears
        dead = [i for i in bot.store.outbox.undelivered(now=LATER) if i.target == channel]
        assert dead and all(i.state == "dead" and i.last_error == "not_in_channel" for i in dead)
        assert result.dead == len(dead) and again.sent == again.dead == 0
        advice = [r.getMessage() for r in caplog.records if "not_in_channel" in r.getMessage()]
        assert (
            len(advice) == 1
            and f"invite the bot to the channel (/invite @tcbot in {channel})" in (advice[0])
        )


def test_a_missing_channel_is_given_up_not_retried(tmp_path):
    with world(tmp_path) as calm_world:
        forgot = calm_world.planted("missing_punch_out")
        channel = calm_world.team_channel(forgot)
        workspace = sandbox_workspace(calm_world.company)
    del workspace.channels[channel]

    with world(tmp_path, workspace=workspace) as w, running_bot(w) as bot:
        bot.cycle(NOW)
        bot.delivery.deliver(LATER)

        attempts = [c for c in w.slack.calls_to("chat.postMessage") if c.body["channel"] == channel]
        assert attempts and all(c.error == "channel_not_found" for c in attempts)
        dead = {i.id for i in bot.store.outbox.undelivered(now=LATER) if i.target == channel}
        assert len(attempts) == len(dead)


def test_a_manager_who_cannot_get_a_dm_is_covered_once_in_the_team_channel(tmp_path):
    with world(tmp_path) as calm_world:
        forgot = calm_world.planted("missing_punch_out")
        manager = MANAGERS[calm_world.company.person(forgot).team]
        workspace = sandbox_workspace(calm_world.company)
    workspace.users = [u for u in workspace.users if u["id"] != manager]

    with world(tmp_path, workspace=workspace) as w, running_bot(w) as bot:
        bot.cycle(NOW)
        _deliver_a_few_times(bot)

        missed = [m for m in w.posts(w.team_channel(forgot), forgot) if "punch-out" in m["text"]]
        assert len(missed) == 2  # the alert, and its copy for the manager who missed it
        assert f"Posted here because <@{manager}> could not get a direct message" in shown(
            missed[1]
        )
        assert "user_not_found" in shown(missed[1])
        dead_dms = [
            i
            for i in bot.store.outbox.undelivered(now=LATER)
            if i.kind == "manager_dm"
            and i.alert_key
            and i.alert_key.startswith("missing_punch_out")
        ]
        assert [i.last_error for i in dead_dms] == ["user_not_found"]


def test_an_alert_resolved_before_its_messages_went_out_is_posted_then_edited(tmp_path):
    with world(tmp_path) as w, running_bot(w, nudge=False) as bot:
        forgot = w.planted("missing_punch_out")
        w.slack.fail("chat.postMessage", "internal_error", times=100)
        bot.cycle(NOW)
        w.company.set_now(NOW + timedelta(minutes=5))
        w.company.punch_out(forgot, at=NOW + timedelta(minutes=2))
        bot.cycle(NOW + timedelta(minutes=5))
        w.slack.clear_faults()

        _deliver_a_few_times(bot)

        [message] = [m for m in w.posts(w.team_channel(forgot), forgot) if "punch-out" in m["text"]]
        assert "Resolved: punched out" in shown(message)
        assert "edited" in message  # posted as it was raised, then edited: never lost
        assert bot.store.outbox.undelivered(now=LATER + timedelta(days=1)) == []


def _deliver_a_few_times(bot: Bot) -> None:
    for hours in range(1, 5):
        bot.delivery.deliver(NOW + timedelta(hours=hours))


def test_the_first_post_of_an_alert_names_the_person_by_slack_mention(tmp_path):
    with world(tmp_path) as w, running_bot(w) as bot:
        forgot = w.planted("missing_punch_out")
        bot.cycle(NOW)

        [posted] = [m for m in w.posts(w.team_channel(forgot), forgot) if "punch-out" in m["text"]]
        slack_id = w.company.person(forgot).slack_id
        assert shown(posted).startswith(f"<@{slack_id}>: missed a punch-out")
        assert w.company.person(forgot).clean_email not in shown(posted)
