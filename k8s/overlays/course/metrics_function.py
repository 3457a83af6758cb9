"""The fnpulse metrics function in Python, written the way the course's functions are: ``handler(input, context)``.

It turns one host-metrics snapshot (the format of data/metrics-stream.jsonl) into three derived metrics, with the
semantics of function/src/main/java/io/fnpulse/function/MetricsFunction.java:

* ``percentage_outgoing_bytes`` = 100 * sent / (sent + recv) over eth0's counters, or, where the snapshot has no
  eth0, over the sum of every interface except lo;
* ``percentage_memory_caching`` = 100 * (buffers + cached) / total;
* ``moving_average_cpu_percent-X`` for every CPU X: the mean of CPU X's values sampled in the window (t - 60 s, t],
  t being this snapshot's timestamp and the current value included.

A zero denominator gives ``None`` (JSON null). A missing or mistyped key is a ``ValueError`` naming the key; every
key is checked before the state is touched, so a refused snapshot leaves the history as it was.

State: ``context.env['cpu_percent-X']`` is a list of ``(value, datetime)`` tuples, oldest first, as the seed's
function kept it -- the runtime saves these types as they are. Same timestamp as the newest sample: counted once.
A timestamp older than the newest sample, or a stored history that is not such a list, starts that CPU's history
afresh. Times without an offset are read as UTC (kept as naive datetimes in UTC), so the differences between samples
stay true across a daylight-saving change of the agent's local clock.
"""

import math
import re
from datetime import datetime, timedelta, timezone

WINDOW = timedelta(seconds=60)

TIMESTAMP = "timestamp"
CPU_PREFIX = "cpu_percent-"
NET_PREFIX = "net_io_counters_"
SENT_SUFFIX = "-bytes_sent"
RECV_SUFFIX = "-bytes_recv"
ETH0_SENT = NET_PREFIX + "eth0" + SENT_SUFFIX
ETH0_RECV = NET_PREFIX + "eth0" + RECV_SUFFIX

_CPU_INDEX = re.compile(r"(0|[1-9][0-9]{0,8})")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[ T]")
_EPOCH = datetime(1970, 1, 1)


def handler(input, context):
    if not isinstance(input, dict):
        raise ValueError("input is %s: expected a host-metrics snapshot (a JSON object)" % _describe(input))
    now = _timestamp(input)
    sent, received = _traffic(input)
    outgoing = _percentage_of_total(sent, sent + received)
    caching = _percentage_of_total(
        _counter(input, "virtual_memory-buffers") + _counter(input, "virtual_memory-cached"),
        _counter(input, "virtual_memory-total"),
    )
    cpu_values = _cpu_values(input)

    env = context.env
    for key in [key for key in env if _cpu_index(key) is not None and _cpu_index(key) not in cpu_values]:
        del env[key]

    result = {
        "percentage_outgoing_bytes": outgoing,
        "percentage_memory_caching": caching,
    }
    for index in sorted(cpu_values):
        history_key = CPU_PREFIX + str(index)
        result["moving_average_" + history_key] = _moving_average(env, history_key, now, cpu_values[index])
    return result


# ---- network and memory ---------------------------------------------------------------------------------------


def _traffic(input):
    """eth0's byte counters where the snapshot has eth0, else the sum over every interface but lo."""
    if ETH0_SENT in input or ETH0_RECV in input:
        return _interface_traffic(input, "eth0")
    sent = 0.0
    received = 0.0
    for key in input:
        name = _interface_name(key)
        counted_by_sent_key = name is not None and key.endswith(RECV_SUFFIX) and (
            NET_PREFIX + name + SENT_SUFFIX) in input
        if name is not None and name != "lo" and not counted_by_sent_key:
            one_sent, one_received = _interface_traffic(input, name)
            sent += one_sent
            received += one_received
    return sent, received


def _interface_traffic(input, name):
    return _counter(input, NET_PREFIX + name + SENT_SUFFIX), _counter(input, NET_PREFIX + name + RECV_SUFFIX)


def _interface_name(key):
    """IF for a key net_io_counters_IF-bytes_sent or -bytes_recv (names may contain '-'), else None."""
    suffix = SENT_SUFFIX if key.endswith(SENT_SUFFIX) else RECV_SUFFIX if key.endswith(RECV_SUFFIX) else None
    if suffix is None or not key.startswith(NET_PREFIX) or len(key) <= len(NET_PREFIX) + len(suffix):
        return None
    return key[len(NET_PREFIX):len(key) - len(suffix)]


def _percentage_of_total(part, total):
    return None if total == 0 else 100 * part / total


# ---- CPU moving averages --------------------------------------------------------------------------------------


def _cpu_values(input):
    """Every cpu_percent-X of the snapshot, by CPU index."""
    values = {}
    for key, value in input.items():
        if not key.startswith(CPU_PREFIX):
            continue
        index = _cpu_index(key)
        if index is None:
            raise ValueError("unexpected key '%s': expected %s<CPU index>, such as %s0" % (key, CPU_PREFIX, CPU_PREFIX))
        values[index] = _finite(key, value, True)
    if not values:
        raise ValueError("missing key '%s0': expected one %sX key per CPU" % (CPU_PREFIX, CPU_PREFIX))
    return values


def _cpu_index(key):
    """X for a key cpu_percent-X with X a plain decimal index (no sign, no leading zero), else None."""
    if not isinstance(key, str) or not key.startswith(CPU_PREFIX):
        return None
    digits = key[len(CPU_PREFIX):]
    return int(digits) if _CPU_INDEX.fullmatch(digits) else None


def _moving_average(env, key, now, value):
    """Adds the sample to the history under key, prunes it to the window and returns its mean, summed oldest first."""
    history = env.get(key)
    if not isinstance(history, list):
        history = []
        env[key] = history
    cutoff = now - WINDOW
    newest = None
    readable = True
    stale = 0
    kept = 0
    total = 0.0
    for sample in history:
        time = _sample_time(sample)
        if time is None or (newest is not None and time <= newest):
            readable = False
            break
        newest = time
        if time <= cutoff:
            stale += 1
        else:
            total += _finite_float(sample[0])
            kept += 1
    if not readable or (newest is not None and newest > now):
        history.clear()
        newest = None
        stale = 0
        kept = 0
        total = 0.0
    if newest != now:
        history.append((value, now))
        total += value
        kept += 1
    del history[:stale]
    return total / kept


def _sample_time(sample):
    """The time of a stored (value, datetime) pair, or None when it is not one."""
    if (isinstance(sample, (tuple, list)) and len(sample) == 2 and _finite_float(sample[0]) is not None
            and isinstance(sample[1], datetime) and sample[1].tzinfo is None):
        return sample[1]
    return None


# ---- timestamps -----------------------------------------------------------------------------------------------


def _timestamp(input):
    """The snapshot's time as a naive datetime in UTC."""
    if TIMESTAMP not in input:
        raise ValueError("missing key '%s'" % TIMESTAMP)
    value = input[TIMESTAMP]
    try:
        if _is_number(value):
            return _from_epoch(value)
        if isinstance(value, str) and _DATE.match(value):
            parsed = datetime.fromisoformat(value)
            if parsed.tzinfo is not None:
                parsed = parsed.astimezone(timezone.utc).replace(tzinfo=None)
            return parsed
    except (ValueError, OverflowError):
        pass  # reported below with the key and the value
    raise ValueError("key '%s' has value %s: expected a time such as '2026-11-27 14:00:05.123456',"
                     " '2026-11-27T14:00:05.123+01:00' or epoch seconds as a number" % (TIMESTAMP, _describe(value)))


def _from_epoch(seconds):
    """Epoch seconds to a naive UTC datetime: exact for integers, to the nearest microsecond for floats."""
    if isinstance(seconds, int):
        return _EPOCH + timedelta(seconds=seconds)
    if not math.isfinite(seconds) or abs(seconds) > 9e12:
        raise ValueError("not a usable epoch time: %r" % seconds)
    # whole and fractional seconds apart: the fraction is exact in a float, so only it is rounded
    whole = math.floor(seconds)
    return _EPOCH + timedelta(seconds=whole, microseconds=round((seconds - whole) * 1e6))


# ---- reading numbers ------------------------------------------------------------------------------------------


def _counter(input, key):
    """A byte count: a finite, non-negative number."""
    if key not in input:
        raise ValueError("missing key '%s'" % key)
    return _finite(key, input[key], False)


def _finite(key, value, may_be_negative):
    number = _finite_float(value)
    if number is not None and (may_be_negative or number >= 0):
        return number
    raise ValueError("key '%s' has value %s: expected a finite%s number"
                     % (key, _describe(value), "" if may_be_negative else ", non-negative"))


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _finite_float(value):
    """value as a float when it is a finite number (an int too large for a float is not), else None."""
    if not _is_number(value):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def _describe(value):
    if value is None:
        return "None"
    text = "'%s'" % value if isinstance(value, str) else repr(value)
    return "%s (%s)" % (text, type(value).__name__)
