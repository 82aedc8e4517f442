"""How a listener hands its slow half to Bolt: an ack function that only acknowledges, and
`in_background(work)`, the lazy listener Bolt runs on its executor once the ack has gone.

    app.command("/hours")(ack=acknowledge, lazy=[in_background(answer)])

`work` names the arguments it wants (`command`, `respond`, `client`, `body`, ...) as any Bolt
listener does. Bolt only logs what a lazy listener raises, so `in_background` hands it to the
app's error handler, which tells the person privately.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable

from slack_bolt import Ack
from slack_bolt.kwargs_injection.args import Args

from tcbot.slack.listeners.errors import handle_error

_BOLT_ARGS = frozenset(inspect.signature(Args.__init__).parameters) - {"self"}


def acknowledge(ack: Ack) -> None:
    ack()


def in_background(work: Callable[..., None]) -> Callable[[Args], None]:
    """`work` as a lazy listener whose failures reach `handle_error`."""
    wanted = tuple(inspect.signature(work).parameters)
    unknown = set(wanted) - _BOLT_ARGS
    if unknown:
        raise TypeError(f"{work.__name__} asks for {sorted(unknown)}, which Bolt does not give")

    def lazy(args: Args) -> None:
        try:
            work(**{name: getattr(args, name) for name in wanted})
        except Exception as error:  # noqa: BLE001 - reported like any listener's failure
            handle_error(error, args.body, args.respond, args.context)

    lazy.__name__ = lazy.__qualname__ = work.__name__  # Bolt's logs name the lazy listener
    return lazy
