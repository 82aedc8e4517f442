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
SCAN_TOTAL = "With the current rules, *{count}* alerts would have been raised over {period}."
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
STATUS_LAST_POLL = "Last poll: {when} ({ago}): {employees} employees, {alerts} new alerts."
STATUS_NEVER_POLLED = "No poll has run yet."
STATUS_OPEN_ALERTS = "Open alerts: *{count}*"
STATUS_UNDELIVERED = "Messages waiting to be delivered: *{count}*"
STATUS_FALLBACK = "tcbot status: TimeClock {timeclock}, {alerts} open alerts"

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
NOT_YOURS = "Only this team's managers and admins can act on this alert."
ERROR = ":warning: {text}"
HELP_TITLE = "tcbot: attendance from TimeClock 365"
HELP = (
    "• `/hours` — your hours this week\n"
    "• `/hours last week`, `/hours @someone this month` — another period, or someone "
    "you manage\n"
    "• `/whosin` — who on your team is in, at lunch, or not in\n"
    "• `/tcbot status` — is TimeClock reachable, when was the last poll (admins)\n"
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
