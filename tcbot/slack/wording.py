"""Every sentence tcbot shows in Slack, in one place so it can be reviewed and changed together.

Templates are `str.format` strings; the values filled in are already safe mrkdwn (escaped or a
mention), so a template may use `*bold*` and emoji freely but must not add `<...>` itself.
"""

from __future__ import annotations

# -- rules, as a manager would say them ------------------------------------------------------

RULE_WORDS = {
    "missing_punch_out": "missed a punch-out",
    "long_lunch": "long lunch",
    "late_start": "late start",
    "no_show": "no-show",
    "overtime_day": "long day",
    "overtime_week": "long week",
}
RULE_EMOJI = {
    "missing_punch_out": ":hourglass:",
    "long_lunch": ":sandwich:",
    "late_start": ":alarm_clock:",
    "no_show": ":grey_question:",
    "overtime_day": ":clock7:",
    "overtime_week": ":calendar:",
}
RULE_FALLBACK_EMOJI = ":bell:"

# -- one alert ---------------------------------------------------------------------------------

ALERT_HEADLINE = "{emoji} {who}: *{rule}*"
ALERT_WHEN_DETAIL = "{when} · {detail}"
ALERT_FALLBACK = "{who}: {rule} ({when})"
ALERT_ACKNOWLEDGED = ":white_check_mark: Acknowledged by {who} at {when}"
ALERT_SNOOZED = ":zzz: Snoozed until {when} by {who}"
ALERT_SNOOZED_NOBODY = ":zzz: Snoozed until {when}"
ALERT_REMINDED = ":speech_balloon: {who} sent a reminder"
ALERT_RESOLVED = ":heavy_check_mark: Resolved: {reason} at {when}"
ALERT_RESOLVED_NO_REASON = ":heavy_check_mark: Resolved at {when}"
BUTTON_ACK = "Acknowledge"
BUTTON_REMIND = "Remind employee"
BUTTON_SNOOZE = "Snooze for today"

# -- the nudge an employee gets ----------------------------------------------------------------

NUDGE = {
    "missing_punch_out": (
        "Hi! :wave: TimeClock still shows you punched in since {when}. If you have finished, "
        "please punch out in TimeClock 365, or tell your manager when you really left."
    ),
    "long_lunch": (
        "Hi! :wave: TimeClock shows your lunch break still open since {when}. If you are "
        "back, please end the break in TimeClock 365."
    ),
    "no_show": (
        "Hi! :wave: TimeClock has no punch-in for you today ({day}). If you are working, "
        "please punch in in TimeClock 365; if you are off, let your manager know."
    ),
}
NUDGE_OTHER = "Hi! :wave: A note from TimeClock about {day}: {detail}."
NUDGE_FOOTER = "This is an automatic reminder from tcbot; no reply needed."

# -- digests and scans -------------------------------------------------------------------------

DIGEST_EMPTY = "Nothing to report. :tada:"
DIGEST_RULE_HEADING = "*{rule}* ({count})"
DIGEST_LINE = "• {who} · {when} · {detail}"
DIGEST_MORE = "…and {count} more"
DIGEST_HINT = "Open tcbot's App Home to acknowledge or snooze these."
DIGEST_FALLBACK = "{title}: {count} alerts"

SCAN_TITLE = "Scan: {period}"
SCAN_TOTAL = "With the current rules, alerts that would have been raised over {period}: *{count}*."
SCAN_NONE = "With the current rules, no alert would have been raised over {period}."
SCAN_COUNT_LINE = "• {rule}: *{count}*"
SCAN_SAMPLES = "*Examples*"
SCAN_DRY_RUN = "Dry run: nothing was posted and nobody was notified."

# -- hours -----------------------------------------------------------------------------------

HOURS_TITLE = "*Hours for {who}* · {period}"
HOURS_WORKED = "*Worked*\n{value}"
HOURS_LUNCH = "*Lunch*\n{value}"
HOURS_GROSS = "*At work*\n{value}"
HOURS_FALLBACK = "{who} worked {worked} {period} ({dates})"
HOURS_OPEN_COUNTED = ":hourglass_flowing_sand: Still punched in since {when}: counted up to now"
HOURS_OPEN_NOT_COUNTED = (
    ":warning: Punched in since {when}: not counted: missing punch-out. "
    "Fix it in TimeClock 365 and it will count."
)
HOURS_TOO_MANY_DAYS = "Per-day lines are shown for periods of up to {limit} days."
HOURS_BAR_SCALE = "Each ▇ is {step} of work."

# -- who is in ---------------------------------------------------------------------------------

WHOSIN_TITLE = "Who's in · {team}"
WHOSIN_IN = "*In now* ({count})"
WHOSIN_LUNCH = "*At lunch* ({count})"
WHOSIN_OUT = "*Not in* ({count})"
WHOSIN_SINCE = "• {who} since {when}"
WHOSIN_NAME = "• {who}"
WHOSIN_NOBODY = "_nobody_"
WHOSIN_MORE = "…and {count} more"
WHOSIN_FALLBACK = "{team}: {inside} in, {lunch} at lunch, {out} not in"
WHOSIN_AS_OF = "As of {when}"

# -- status and rules --------------------------------------------------------------------------

STATUS_TITLE = "tcbot status"
STATUS_TIMECLOCK_OK = ":white_check_mark: TimeClock 365 is reachable."
STATUS_TIMECLOCK_DOWN = ":warning: TimeClock 365 is not reachable: {problem}"
STATUS_NEVER_POLLED = "No poll has run yet."
STATUS_OPEN_ALERTS = "Open alerts: *{count}*"
STATUS_UNDELIVERED = "Messages waiting to be delivered: *{count}*"
STATUS_FALLBACK = "tcbot status: TimeClock {timeclock}, open alerts: {alerts}"

RULES_TITLE = "Attendance rules"
RULES_COMPANY = (
    "Timezone: *{zone}* · week starts on *{week_start}* · workdays: *{workdays}* · "
    "hours *{start}–{end}*"
)
RULES_LIMITS = {
    "late_start_grace": "Late start: more than *{value}* after the scheduled start",
    "no_show_after": "No-show: no punch-in *{value}* after the scheduled start",
    "long_lunch": "Long lunch: a break longer than *{value}*",
    "missing_punch_out_after": "Missed punch-out: still punched in after *{value}*",
    "overtime_day": "Long day: more than *{value}* worked in a day",
    "overtime_week": "Long week: more than *{value}* worked in a week",
}
RULES_LUNCH_PAID = "Lunch breaks are paid (counted as work)."
RULES_LUNCH_UNPAID = "Lunch breaks are not counted as work."
RULES_TEAM = "*{team}*: {changes}"
RULES_TEAM_DEFAULTS = "company defaults"
RULES_TEAM_SCHEDULE = "hours {start}–{end}"
RULES_ZONE_FROM_SESSIONS = "from the punches (none set)"

# -- short replies -----------------------------------------------------------------------------

REFUSAL = (
    "Sorry, you can only see your own hours, or your team's if you manage it. "
    "An admin can help if you need more."
)
WHOSIN_REFUSAL = (
    "Sorry, you can only see who is in on a team you manage or belong to. "
    "An admin can help if you need more."
)
NOT_YOURS = "Only this team's managers and admins can act on this alert."
ERROR = ":warning: {text}"
HELP_TITLE = "tcbot: attendance from TimeClock 365"
HELP = (
    "• `/hours` — your hours this week\n"
    "• `/hours last week`, `/hours @someone this month` — another period, or someone "
    "you manage\n"
    "• `/hours this week share` — the same, shown to the channel instead of only to you\n"
    "• `/whosin` — who on your team is in, at lunch, or not in\n"
    "• `/tcbot status` — is TimeClock reachable, when was the last poll\n"
    "• `/tcbot rules` — the attendance rules in force\n"
    "• `/tcbot scan 2025-10-01..2025-10-07` — what the rules would have flagged (admins)"
)
HELP_PERIODS = (
    "Periods: `today`, `yesterday`, `this week`, `last week`, `this month`, `last month`, "
    "`last N days`, `2025-10-14`, `2025-10-01..2025-10-07`."
)

# -- App Home ----------------------------------------------------------------------------------

HOME_MANAGER_TITLE = "Today's open alerts"
HOME_NO_ALERTS = "No open alerts. :sunny:"
HOME_EMPLOYEE_TITLE = "Your hours"
HOME_UPDATED = "Updated {when}"

# -- /tcbot, alert buttons and App Home flows (tcbot.slack.admin, .buttons, .home) ------------

TCBOT_UNKNOWN = "I don't know `/tcbot {word}`. Here is what I can do:"
STATUS_POLL_READ = (
    "Last poll: {when} ({ago}): read {records} records in {seconds} s, {alerts} new alerts."
)
STATUS_POLL_ERRORS = ":warning: The last poll had problems: {errors}"
STATUS_UNDELIVERED_REASONS = "*Why messages are waiting*"
STATUS_UNDELIVERED_REASON = "• {kind}, {state}, {attempts} tries: {error}"
STATUS_UNDELIVERED_MORE = "…and {count} more"
STATUS_UNDELIVERED_NO_ERROR = "not tried yet"
LINK_USAGE = "Write `/tcbot link @someone EMPLOYEE_NUMBER`, e.g. `/tcbot link @dana 1265`."
LINK_BAD_USER = "{text} is not a Slack user; mention them with @ so Slack sends their ID."
LINK_BAD_NUMBER = "{text} is not an employee number; use the number TimeClock 365 shows."
LINK_DONE = (
    ":link: {who} is now linked to employee *{number}*. `/hours {who}` answers about that employee."
)
LINK_UNKNOWN_NUMBER = (
    "TimeClock 365 lists no employee *{number}* this past week, so nothing was linked; "
    "check the number in TimeClock 365 and try again."
)
LINK_UNCHECKED = "(TimeClock 365 could not be asked to confirm the number; check it if unsure.)"
LINK_REFUSED = "Sorry, only admins can link Slack users to employees."
SCAN_REFUSED = "Sorry, only admins can run a scan. `/tcbot rules` shows the rules in force."
SCAN_USAGE = "Write `/tcbot scan PERIOD`, e.g. `/tcbot scan last week`."
SCAN_WORKING = ":mag: Scanning {period}… this can take a moment."
ALERT_GONE = "I can't find this alert any more: it was resolved and cleared. Nothing was changed."
ALERT_ALREADY_ACKNOWLEDGED = "{who} already acknowledged this alert at {when}."
ALERT_ALREADY_RESOLVED = "This alert was already resolved at {when}; nothing to do."
ALERT_ALREADY_REMINDED = "A reminder about this alert was already sent at {when}."
ALERT_ALREADY_SNOOZED = "{who} already snoozed this alert until {when}; nothing changed."
ALERT_NOT_REMINDABLE = "This kind of alert has no reminder to send."
ALERT_NO_SLACK_USER = (
    "I can't find {who} in Slack, so no reminder was sent. An admin can link them with "
    "`/tcbot link`."
)
ALERT_REMIND_SENT = ":speech_balloon: I sent {who} a reminder."
ALERT_SNOOZE_DONE = ":zzz: Snoozed until {when}."
ALERT_CANNOT_CHECK = (
    "I can't check whether this alert is yours right now: {problem}. Try again in a few minutes."
)
HOME_UNKNOWN_TITLE = "Hello from tcbot"
HOME_UNKNOWN = (
    "I can't find you in TimeClock 365, so I have no hours to show. If you clock in with a "
    "different email than your Slack one, ask an admin to link you with `/tcbot link`."
)
HOME_TIMECLOCK_DOWN = (
    ":warning: TimeClock 365 is not answering right now, so I can't show this page. "
    "Open the tab again in a few minutes."
)

# -- /hours and /whosin problems ---------------------------------------------------------------

TIMECLOCK_DOWN = (
    "TimeClock 365 is not answering right now, so tcbot cannot tell. "
    "Please try again in a few minutes."
)
TIMECLOCK_REFUSED = (
    "TimeClock 365 refused tcbot's API key. An admin needs to check TIMECLOCK_API_TOKEN."
)
TIMECLOCK_CONFUSED = (
    "TimeClock 365 sent an answer tcbot could not read. Please try again; if it keeps "
    "happening, an admin can find the details in tcbot's log."
)
SOMETHING_WENT_WRONG = "Something went wrong on tcbot's side. It is logged; please try again."
NOT_FOUND_IN_TIMECLOCK = (
    "TimeClock 365 has no records for {who} around {period}. Check the person, or ask an "
    "admin to link their Slack account to their employee number (`/tcbot link`)."
)
WHOSIN_NO_TEAM = "You are not on a team tcbot knows. Admins can name a team: `/whosin Support`."
WHOSIN_UNKNOWN_TEAM = "There is no team called {team}. Teams: {teams}."
WHOSIN_NAME_A_TEAM = "Name a team: `/whosin {example}`. Teams: {teams}."
