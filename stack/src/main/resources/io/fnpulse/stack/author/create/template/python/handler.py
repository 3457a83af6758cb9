"""{{module}}: a function for fnpulse, written as the course's functions are. The runtime calls handler(input,
context) with every new host-metrics snapshot (a dict) and writes the dict it returns to its output key as JSON;
None or {} writes nothing.

This one says how busy the CPUs are on average, how much memory is in use, and for how long the CPUs have been busy
without a break: when the busy spell began is kept in context.env, the state that outlives calls, reloads and
restarts -- as a datetime, since fnpulse keeps the env's Python types.
"""
from datetime import datetime

# Above this mean utilisation, in percent, a snapshot counts as busy.
BUSY_PERCENT = 80.0


def handler(input, context):
    cpus = [_number(input, key) for key in sorted(input) if key.startswith("cpu_percent-")]
    if not cpus:
        raise ValueError("the snapshot has no cpu_percent-X key")
    cpu_mean = sum(cpus) / len(cpus)
    total = _number(input, "virtual_memory-total")
    memory_used = None if total == 0 else 100.0 * _number(input, "virtual_memory-used") / total
    now = _timestamp(input)

    if cpu_mean > BUSY_PERCENT:
        busy_since = context.env.setdefault("busy_since", now)
        busy_seconds = (now - busy_since).total_seconds()
    else:
        context.env.pop("busy_since", None)
        busy_seconds = 0.0

    return {
        "cpu_percent_mean": cpu_mean,
        "memory_used_percent": memory_used,
        "busy_seconds": busy_seconds,
    }


def _number(input, key):
    value = input.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("the snapshot's %s is %s" % (key, "missing" if value is None else "not a number: %r" % value))
    return float(value)


def _timestamp(input):
    """The snapshot's time, as the monitor writes it: '2026-11-27 14:00:05.123456'."""
    try:
        return datetime.fromisoformat(input["timestamp"])
    except (KeyError, TypeError, ValueError):
        raise ValueError("the snapshot's timestamp is %r: expected a time such as '2026-11-27 14:00:05.123456'"
                         % input.get("timestamp"))
