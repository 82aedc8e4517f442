"""Only one claim of an alert ever wins: across threads, processes and restarts."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import pytest

from tcbot.store import Store, StoreError
from tests.store.samples import NOW, late_start, many

REPO = Path(__file__).resolve().parents[2]


def claim_in_threads(stores: list[Store], count: int) -> Counter[str]:
    """Each store's thread claims the same `count` alerts at once; returns wins per key."""
    alerts = many(count)
    barrier = threading.Barrier(len(stores))
    wins: Counter[str] = Counter()
    lock = threading.Lock()
    failures: list[BaseException] = []

    def claim_all(store: Store, seed: int) -> None:
        order = list(alerts)
        if seed % 2:
            random.Random(seed).shuffle(order)
        try:
            barrier.wait(timeout=10)
            won = [alert.key for alert in order if store.alerts.claim(alert, now=NOW)]
        except BaseException as error:  # reported by the test below
            failures.append(error)
            return
        with lock:
            wins.update(won)

    threads = [
        threading.Thread(target=claim_all, args=(store, seed)) for seed, store in enumerate(stores)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert failures == []
    return wins


def test_eight_threads_sharing_one_store_each_alert_won_once(store: Store) -> None:
    wins = claim_in_threads([store] * 8, 200)
    assert sum(wins.values()) == 200
    assert set(wins.values()) == {1}
    assert len(store.alerts.open_alerts(now=NOW)) == 200


def test_eight_threads_with_their_own_connections_each_alert_won_once(db_path: Path) -> None:
    stores = [Store.open(db_path) for _ in range(8)]
    try:
        wins = claim_in_threads(stores, 200)
    finally:
        for store in stores:
            store.close()
    assert sum(wins.values()) == 200
    assert set(wins.values()) == {1}


CHILD = """
import json, sys, time
from tcbot.store import Store
from tests.store.samples import NOW, many

store = Store.open(sys.argv[1])
alerts = many(int(sys.argv[2]))
print("ready", flush=True)
sys.stdin.readline()
won = []
if sys.argv[3] == "forward, one by one":
    for alert in alerts:
        if store.alerts.claim(alert, now=NOW):
            won.append(alert.key)
        time.sleep(0.0005)  # leave the write lock free now and then, as a real poller does
else:
    alerts.reverse()
    for start in range(0, len(alerts), 10):
        won += [a.key for a in store.alerts.claim_many(alerts[start:start + 10], now=NOW)]
        time.sleep(0.005)
store.close()
print(json.dumps(won), flush=True)
"""


def test_two_processes_claiming_the_same_alerts_win_each_once(db_path: Path) -> None:
    Store.open(db_path).close()  # create the file first; opening together is tested below
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, str(db_path), "300", mode],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        # Opposite directions, so the two meet in the middle and race for the same keys there.
        for mode in ("forward, one by one", "backward, in batches")
    ]
    try:
        for child in children:
            assert child.stdout is not None and child.stdout.readline() == "ready\n"
        for child in children:
            assert child.stdin is not None
            child.stdin.write("go\n")
            child.stdin.flush()
        outputs = [child.communicate(timeout=30) for child in children]
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait(timeout=5)
    assert [child.returncode for child in children] == [0, 0], [err for _, err in outputs]
    wins = Counter(key for out, _ in outputs for key in json.loads(out))
    assert sum(wins.values()) == 300
    assert set(wins.values()) == {1}


def test_claims_survive_a_restart(db_path: Path) -> None:
    alerts = many(5)
    with Store.open(db_path) as first:
        assert first.alerts.claim_many(alerts[:3], now=NOW) == alerts[:3]
    with Store.open(db_path) as second:
        assert not second.alerts.claim(alerts[0], now=NOW)
        assert second.alerts.claim_many(alerts, now=NOW) == alerts[3:]
        assert len(second.alerts.open_alerts(now=NOW)) == 5


def test_claim_many_returns_only_new_alerts_in_order(store: Store) -> None:
    first, second, third = late_start(1), late_start(2), late_start(3)
    assert store.alerts.claim(second, now=NOW)
    assert store.alerts.claim_many([third, second, first, third], now=NOW) == [third, first]


def test_a_closed_store_says_so(db_path: Path) -> None:
    store = Store.open(db_path)
    store.close()
    store.close()
    with pytest.raises(StoreError, match="already closed"):
        store.alerts.claim(late_start(1), now=NOW)
