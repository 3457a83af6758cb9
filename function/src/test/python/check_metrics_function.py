"""Checks function/src/main/python/metrics_function.py against the recorded stream and the Java function's rules.

Usage: python3 check_metrics_function.py <checkout root>
Prints one line per failed check and exits 1 when any failed; prints "ok: N checks" and exits 0 otherwise.
Needs nothing beyond the standard library (no pytest).
"""

import copy
import json
import math
import sys
from collections import namedtuple
from datetime import datetime
from pathlib import Path

ROOT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "function" / "src" / "main" / "python"))

import metrics_function  # noqa: E402

failures = []
checks = 0


class Context:
    def __init__(self):
        self.host = "localhost"
        self.port = 6379
        self.input_key = "metrics"
        self.output_key = "out"
        self.function_getmtime = "2026-11-27 14:00:00"
        self.last_execution = None
        self.env = {}


def check(condition, message):
    global checks
    checks += 1
    if not condition:
        failures.append(message)


def close(expected, actual, tolerance=1e-9):
    if expected is None or actual is None:
        return expected is None and actual is None
    return math.isclose(expected, actual, rel_tol=tolerance, abs_tol=0.0)


def lines(relative):
    return [json.loads(line) for line in (ROOT / relative).read_text().splitlines() if line.strip()]


def recorded_stream():
    stream = lines("data/metrics-stream.jsonl")
    expected = lines("data/expected-output.jsonl")
    check(len(stream) == len(expected) == 150, "the recorded stream and its expected output have 150 lines each")
    context = Context()
    for number, (snapshot, want) in enumerate(zip(stream, expected), start=1):
        got = metrics_function.handler(snapshot, context)
        check(list(got) == list(want), "line %d: keys %s, expected %s" % (number, list(got), list(want)))
        for key in want:
            check(close(want[key], got.get(key)), "line %d: %s = %r, expected %r" % (number, key, got.get(key), want[key]))
    history = context.env["cpu_percent-0"]
    check(all(isinstance(s, tuple) and isinstance(s[1], datetime) for s in history),
          "env keeps (value, datetime) tuples, found %r" % history[:2])
    check(len(history) == 12, "a 60 s window over 5 s samples keeps 12, found %d" % len(history))


Sample = namedtuple("Sample", "time cpu0")


def snapshot(time, cpu0, **overrides):
    value = {
        "timestamp": time,
        "cpu_percent-0": cpu0,
        "virtual_memory-total": 1000,
        "virtual_memory-buffers": 100,
        "virtual_memory-cached": 150,
        "net_io_counters_eth0-bytes_sent": 25,
        "net_io_counters_eth0-bytes_recv": 75,
    }
    value.update(overrides)
    return value


def average(context, time, cpu0):
    return metrics_function.handler(snapshot(time, cpu0), context)["moving_average_cpu_percent-0"]


def window_edges():
    context = Context()
    average(context, "2026-01-01 00:00:00", 10.0)
    check(average(context, "2026-01-01 00:00:59.999999", 20.0) == 15.0, "a sample 59.999999 s old is in the window")
    check(average(context, "2026-01-01 00:01:00", 30.0) == 25.0, "a sample exactly 60 s old is out of the window")


def same_timestamp_counted_once():
    context = Context()
    average(context, "2026-01-01 00:00:00", 10.0)
    check(average(context, "2026-01-01 00:00:05", 20.0) == 15.0, "two samples average")
    check(average(context, "2026-01-01 00:00:05", 20.0) == 15.0, "the same snapshot twice counts once")
    check(len(context.env["cpu_percent-0"]) == 2, "the repeated snapshot is not stored twice")


def backwards_timestamp_resets():
    context = Context()
    average(context, "2026-01-01 00:00:10", 10.0)
    average(context, "2026-01-01 00:00:20", 20.0)
    check(average(context, "2026-01-01 00:00:15", 40.0) == 40.0, "a timestamp going backwards resets the history")
    check(len(context.env["cpu_percent-0"]) == 1, "after a reset only the new sample is kept")


def zero_denominators():
    result = metrics_function.handler(snapshot("2026-01-01 00:00:00", 1.0, **{
        "virtual_memory-total": 0,
        "net_io_counters_eth0-bytes_sent": 0,
        "net_io_counters_eth0-bytes_recv": 0,
    }), Context())
    check(result["percentage_outgoing_bytes"] is None, "zero traffic gives None")
    check(result["percentage_memory_caching"] is None, "zero total memory gives None")
    check(json.dumps(result).count("null") == 2, "None is JSON null")


def refused(value, context=None):
    try:
        metrics_function.handler(value, context or Context())
    except ValueError as e:
        return str(e)
    return None


def missing_and_mistyped_keys():
    for key in ["timestamp", "virtual_memory-total", "virtual_memory-cached", "net_io_counters_eth0-bytes_recv"]:
        value = snapshot("2026-01-01 00:00:00", 1.0)
        del value[key]
        message = refused(value)
        check(message is not None and "missing key '%s'" % key in message, "missing %s: %r" % (key, message))
    value = snapshot("2026-01-01 00:00:00", 1.0)
    del value["cpu_percent-0"]
    message = refused(value)
    check(message is not None and "cpu_percent-0" in message, "no CPU at all: %r" % message)
    for key, bad in [("virtual_memory-total", "12"), ("virtual_memory-buffers", -1), ("cpu_percent-0", float("nan")),
                     ("cpu_percent-0", True), ("timestamp", "yesterday"), ("virtual_memory-total", 10 ** 400)]:
        message = refused(snapshot("2026-01-01 00:00:00", 1.0, **{key: bad}))
        check(message is not None and "'%s'" % key in message, "%s = %r: %r" % (key, bad, message))
    message = refused(snapshot("2026-01-01 00:00:00", 1.0, **{"cpu_percent-01": 3.0}))
    check(message is not None and "cpu_percent-01" in message, "a CPU index with a leading zero: %r" % message)
    check(refused(None) is not None, "input None is refused")


def refused_snapshot_leaves_state():
    context = Context()
    average(context, "2026-01-01 00:00:00", 10.0)
    before = copy.deepcopy(context.env)
    refused(snapshot("2026-01-01 00:00:05", 20.0, **{"virtual_memory-total": "x"}), context)
    check(context.env == before, "a refused snapshot leaves env as it was")


def traffic_without_eth0():
    value = snapshot("2026-01-01 00:00:00", 1.0)
    del value["net_io_counters_eth0-bytes_sent"], value["net_io_counters_eth0-bytes_recv"]
    value.update({
        "net_io_counters_lo-bytes_sent": 1000, "net_io_counters_lo-bytes_recv": 1000,
        "net_io_counters_wlan-0-bytes_sent": 10, "net_io_counters_wlan-0-bytes_recv": 30,
        "net_io_counters_en1-bytes_sent": 10, "net_io_counters_en1-bytes_recv": 50,
    })
    result = metrics_function.handler(value, Context())
    check(result["percentage_outgoing_bytes"] == 20.0, "sum over every interface but lo: %r" % result)


def timestamp_forms():
    context = Context()
    average(context, "2026-01-01T00:00:00Z", 10.0)
    check(average(context, "2026-01-01T01:00:30+01:00", 20.0) == 15.0, "ISO times with offsets are compared in UTC")
    check(average(context, 1767225655, 30.0) == 20.0, "epoch seconds (2026-01-01 00:00:55 UTC)")
    check(average(context, 1767225656.5, 30.0) == 22.5, "fractional epoch seconds")


def cpus_that_leave_are_dropped():
    context = Context()
    metrics_function.handler(snapshot("2026-01-01 00:00:00", 1.0, **{"cpu_percent-1": 2.0}), context)
    check(sorted(context.env) == ["cpu_percent-0", "cpu_percent-1"], "one history per CPU")
    context.env["other"] = "kept"
    metrics_function.handler(snapshot("2026-01-01 00:00:05", 1.0), context)
    check(sorted(context.env) == ["cpu_percent-0", "other"], "a CPU no longer in the snapshot loses its history")


def unreadable_history_starts_afresh():
    context = Context()
    context.env["cpu_percent-0"] = [("x", "y")]
    check(average(context, "2026-01-01 00:00:00", 10.0) == 10.0, "an unreadable history starts afresh")


for test in [recorded_stream, window_edges, same_timestamp_counted_once, backwards_timestamp_resets,
             zero_denominators, missing_and_mistyped_keys, refused_snapshot_leaves_state, traffic_without_eth0,
             timestamp_forms, cpus_that_leave_are_dropped, unreadable_history_starts_afresh]:
    try:
        test()
    except Exception as e:  # a crash in one check is a failure of that check, and the others still run
        failures.append("%s raised %s: %s" % (test.__name__, type(e).__name__, e))

for failure in failures:
    print("FAILED: " + failure)
if failures:
    sys.exit(1)
print("ok: %d checks" % checks)
