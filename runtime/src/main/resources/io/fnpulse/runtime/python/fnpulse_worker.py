"""The fnpulse Python worker: runs the calls of one version of a Python function for the runtime.

The runtime starts it as ``python3 -I fnpulse_worker.py``, sends one "load" frame and then "call" frames, one at a
time, and reads one reply frame for each. A frame is a 4-byte big-endian length N followed by N bytes: a JSON header
on one line, a newline, then the parts the header lists by byte length ("parts": [n1, n2, ...]) back to back, so
that input, output and env travel as JSON text without being escaped into the header.

The frames use the pipes the worker was started with, moved to descriptors of their own: file descriptor 0 then
reads /dev/null and 1 writes to stderr, so nothing the function prints or a library writes can corrupt them. What the
function prints through sys.stdout and sys.stderr during a call is kept with that call, up to the call's limit.

context.env is saved in a typed form of JSON (see ``encode_env``): the values a function keeps in env come back
with the same types after a restart, and reading a saved env back runs no code: it knows a closed set of tags and
builds nothing else. No pickle, no eval, no import of a name found in the data.
"""

import ast
import base64
import collections
import datetime
import decimal
import importlib
import inspect
import io
import json
import math
import os
import platform
import re
import struct
import sys
import threading
import time
import traceback

MAX_OUTPUT_BYTES = 1024 * 1024
MAX_ENV_BYTES = 16 * 1024 * 1024
MAX_TRACE_CHARS = 8 * 1024
WORKER_FILE = os.path.abspath(__file__)


# ---- frames ---------------------------------------------------------------------------------------------------


class Frames:
    """The protocol's two pipes, on descriptors the function's code does not know about."""

    def __init__(self):
        # os.dup gives descriptors that child processes do not inherit (PEP 446)
        self.reader = os.fdopen(os.dup(0), "rb", buffering=256 * 1024)
        self.writer = os.fdopen(os.dup(1), "wb", buffering=256 * 1024)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        os.dup2(2, 1)

    def read(self):
        """The next frame as (header, [parts]), or None at the end of the input: the runtime closed it."""
        size = self.reader.read(4)
        if len(size) < 4:
            return None
        (length,) = struct.unpack(">I", size)
        body = self.reader.read(length)
        if len(body) < length:
            return None
        end = body.index(b"\n")
        header = json.loads(body[:end])
        parts = []
        offset = end + 1
        for part_length in header.get("parts", ()):
            parts.append(body[offset:offset + part_length])
            offset += part_length
        return header, parts

    def write(self, header, parts=()):
        header["parts"] = [len(part) for part in parts]
        encoded = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "replace")
        length = len(encoded) + 1 + sum(header["parts"])
        self.writer.write(struct.pack(">I", length))
        self.writer.write(encoded)
        self.writer.write(b"\n")
        for part in parts:
            self.writer.write(part)
        self.writer.flush()


# ---- what a call prints ---------------------------------------------------------------------------------------


class Capture:
    """What one call printed to one stream: its first ``limit`` bytes (UTF-8) and how many more there were."""

    def __init__(self, limit):
        self.limit = limit
        self.kept = bytearray()
        self.more = 0

    def add(self, data):
        room = self.limit - len(self.kept)
        if room >= len(data):
            self.kept += data
        else:
            if room > 0:
                self.kept += data[:room]
            self.more += len(data) - max(room, 0)

    def text(self):
        return bytes(self.kept).decode("utf-8", "replace")


class PrintRouter(io.TextIOBase):
    """sys.stdout or sys.stderr: into the running call's capture, else (between calls) to the worker's stderr."""

    def __init__(self, name, elsewhere):
        super().__init__()
        self.name = name
        self.elsewhere = elsewhere
        self.capture = None
        self.lock = threading.Lock()
        self.buffer = _BytesRouter(self)

    @property
    def encoding(self):
        return "utf-8"

    @property
    def errors(self):
        return "replace"

    def writable(self):
        return True

    def isatty(self):
        return False

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError("write() argument must be str, not %s" % type(text).__name__)
        self.write_bytes(text.encode("utf-8", "replace"))
        return len(text)

    def write_bytes(self, data):
        with self.lock:
            capture = self.capture
            if capture is not None:
                capture.add(data)
                return
        try:
            self.elsewhere.write(data)
            self.elsewhere.flush()
        except (OSError, ValueError):
            pass

    def flush(self):
        pass


class _BytesRouter:
    """sys.stdout.buffer: bytes written to it go where the text goes."""

    def __init__(self, router):
        self.router = router

    def write(self, data):
        self.router.write_bytes(bytes(data))
        return len(data)

    def flush(self):
        pass


# ---- the typed form of env ------------------------------------------------------------------------------------
#
# JSON as it is for what JSON holds: None, bool, int, float (finite), str, list, and dicts whose keys are all strings
# not starting with "$". Everything else is an object with exactly one key starting with "$", the tag, plus plain
# parameters where the tag needs them:
#   {"$tuple": [...]}  {"$set": [...]}  {"$frozenset": [...]}  {"$deque": [...], "maxlen": n}
#   {"$dict": [[k, v], ...]}  {"$ordereddict": [[k, v], ...]}  {"$counter": [[k, v], ...]}
#   {"$defaultdict": [[k, v], ...], "factory": "list"}
#   {"$datetime": "2026-11-27T14:00:05.123456+01:00", "zone": "Europe/Paris", "tzname": "CET", "fold": 1}
#   {"$date": "2026-11-27"}  {"$time": "14:00:05.123456"}  {"$timedelta": [days, seconds, microseconds]}
#   {"$bytes": "<base64>"}  {"$bytearray": "<base64>"}  {"$decimal": "1.10"}  {"$float": "nan"}  {"$int": "<hex>"}
# Types are matched exactly: a subclass (a namedtuple, an IntEnum) is refused rather than saved as its base.

MAX_DEPTH = 200
_HUGE_INT_BITS = 12000  # beyond this int() and str() of an int would hit Python's digit limit; saved as hex
_FACTORIES = {
    None: None, "list": list, "dict": dict, "set": set, "frozenset": frozenset, "tuple": tuple, "int": int,
    "float": float, "str": str, "bytes": bytes, "bool": bool, "deque": collections.deque,
    "OrderedDict": collections.OrderedDict, "Counter": collections.Counter,
}
_FACTORY_NAMES = {factory: name for name, factory in _FACTORIES.items() if factory is not None}
_ZONE_KEY = re.compile(r"[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*")


class Unsaveable(Exception):
    """A value the typed form cannot carry; path collects the way to it as the error travels up."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason
        self.path = []

    def __str__(self):
        return "env%s: %s" % ("".join(reversed(self.path)), self.reason)


class EnvEncoder:
    """Encodes one env into the typed form, noting whether it shares a mutable value between two places. Paths are
    only put together when something cannot be saved, so a call that saves its env pays nothing for them."""

    def __init__(self):
        self.on_path = set()
        self.seen = set()
        self.shared = False

    def encode(self, value, depth=0):
        kind = type(value)
        if value is None or kind is bool or kind is str:
            return value
        if kind is int:
            return value if value.bit_length() <= _HUGE_INT_BITS else {"$int": format(value, "x")}
        if kind is float:
            if math.isfinite(value):
                return value
            return {"$float": "nan" if value != value else ("inf" if value > 0 else "-inf")}
        if depth >= MAX_DEPTH:
            raise Unsaveable("nested deeper than %d levels" % MAX_DEPTH)
        if kind is tuple:
            return {"$tuple": self.items(value, depth)}
        if kind is datetime.datetime:
            if value.tzinfo is None and not value.fold:
                return {"$datetime": value.isoformat()}
            return _with_zone({"$datetime": value.replace(tzinfo=None).isoformat()}, value)
        if kind is datetime.date:
            return {"$date": value.isoformat()}
        if kind is datetime.time:
            return _with_zone({"$time": value.replace(tzinfo=None).isoformat()}, value)
        if kind is datetime.timedelta:
            return {"$timedelta": [value.days, value.seconds, value.microseconds]}
        if kind is bytes:
            return {"$bytes": base64.b64encode(value).decode("ascii")}
        if kind is decimal.Decimal:
            return {"$decimal": str(value)}
        if kind is frozenset:
            return {"$frozenset": self.elements(value, depth)}
        if kind not in _MUTABLE:
            raise Unsaveable("cannot save a %r%s" % (kind, _hint(value)))
        identity = id(value)
        if identity in self.on_path:
            raise Unsaveable("refers to itself (a %s inside itself), which cannot be saved" % kind.__name__)
        if identity in self.seen:
            self.shared = True
        self.seen.add(identity)
        self.on_path.add(identity)
        try:
            return self.mutable(value, kind, depth)
        finally:
            self.on_path.discard(identity)

    def mutable(self, value, kind, depth):
        if kind is list:
            return self.items(value, depth)
        if kind is dict:
            for key in value:
                if type(key) is not str or key.startswith("$"):
                    return {"$dict": self.pairs(value, depth)}
            encoded = {}
            key = None
            try:
                for key, item in value.items():
                    encoded[key] = self.encode(item, depth + 1)
            except Unsaveable as e:
                e.path.append("[%r]" % (key,))
                raise
            return encoded
        if kind is set:
            return {"$set": self.elements(value, depth)}
        if kind is collections.deque:
            encoded = {"$deque": self.items(value, depth)}
            if value.maxlen is not None:
                encoded["maxlen"] = value.maxlen
            return encoded
        if kind is bytearray:
            return {"$bytearray": base64.b64encode(value).decode("ascii")}
        if kind is collections.OrderedDict:
            return {"$ordereddict": self.pairs(value, depth)}
        if kind is collections.Counter:
            return {"$counter": self.pairs(value, depth)}
        factory = value.default_factory
        if factory is not None and factory not in _FACTORY_NAMES:
            raise Unsaveable("cannot save a defaultdict whose default_factory is %r; only %s can be saved"
                             % (factory, ", ".join(sorted(_FACTORY_NAMES.values()))))
        return {"$defaultdict": self.pairs(value, depth), "factory": _FACTORY_NAMES.get(factory)}

    def items(self, values, depth):
        encoded = []
        try:
            for item in values:
                encoded.append(self.encode(item, depth + 1))
        except Unsaveable as e:
            e.path.append("[%d]" % len(encoded))
            raise
        return encoded

    def elements(self, values, depth):
        try:
            return [self.encode(item, depth + 1) for item in values]
        except Unsaveable as e:
            e.path.append(" (an element)")
            raise

    def pairs(self, mapping, depth):
        encoded = []
        for key, item in mapping.items():
            try:
                encoded_key = self.encode(key, depth + 1)
            except Unsaveable as e:
                e.path.append(" (the key %r)" % (key,))
                raise
            try:
                encoded.append([encoded_key, self.encode(item, depth + 1)])
            except Unsaveable as e:
                e.path.append("[%r]" % (key,))
                raise
        return encoded


_MUTABLE = {list, dict, set, collections.deque, bytearray, collections.OrderedDict, collections.Counter,
            collections.defaultdict}


def _hint(value):
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return " (a namedtuple: save tuple(value) or value._asdict() instead)"
    for base in (bool, int, float, str, bytes, dict, list, tuple, set, frozenset):
        if isinstance(value, base):
            return " (a subclass of %s: save a plain %s instead)" % (base.__name__, base.__name__)
    return ""


def _with_zone(encoded, value):
    zone = value.tzinfo
    if value.fold:
        encoded["fold"] = 1
    if zone is None:
        return encoded
    if type(zone) is datetime.timezone:
        offset = zone.utcoffset(None)
        encoded["offset"] = [offset.days, offset.seconds, offset.microseconds]
        name = zone.tzname(None)
        if name != datetime.timezone(offset).tzname(None):
            encoded["tzname"] = name
        return encoded
    key = getattr(zone, "key", None)
    if type(zone).__module__ == "zoneinfo" and type(zone).__name__ == "ZoneInfo" and isinstance(key, str):
        encoded["zone"] = key
        return encoded
    raise Unsaveable("cannot save a %s whose tzinfo is a %r; use datetime.timezone or zoneinfo.ZoneInfo"
                     % (type(value).__name__, type(zone)))


def encode_env(env):
    """(typed JSON bytes, shares a mutable value) for env, a dict; Unsaveable names the first value it cannot carry."""
    encoder = EnvEncoder()
    try:
        typed = encoder.encode(env)
    except RecursionError:
        raise Unsaveable("env: nested too deeply to save")
    try:
        text = json.dumps(typed, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        data = text.encode("utf-8")
    except UnicodeEncodeError as e:
        raise Unsaveable("env: holds a string with a lone surrogate (%s), which cannot be saved as UTF-8" % e.reason)
    if len(data) > MAX_ENV_BYTES:
        raise Unsaveable("env: its saved form is more than %d MiB" % (MAX_ENV_BYTES // (1024 * 1024)))
    return data, encoder.shared


class Unreadable(Exception):
    """A saved env that is not the typed form; the message starts with the path to the problem."""


def decode_env(data):
    """env from its typed JSON bytes; builds only the types of the closed set above, and runs nothing else."""
    try:
        typed = json.loads(data)
    except RecursionError:
        raise Unreadable("env: nested too deeply")
    except ValueError as e:
        raise Unreadable("env: not JSON (%s)" % e)
    try:
        env = _decode(typed, "env", 0)
    except RecursionError:
        raise Unreadable("env: nested too deeply")
    if type(env) is not dict:
        raise Unreadable("env: a %s, not a dict" % type(env).__name__)
    return env


def _decode(value, path, depth):
    kind = type(value)
    if value is None or kind in (bool, int, float, str):
        return value
    if depth >= MAX_DEPTH + 2:
        raise Unreadable("%s: nested deeper than %d levels" % (path, MAX_DEPTH))
    if kind is list:
        return [_decode(item, "%s[%d]" % (path, index), depth + 1) for index, item in enumerate(value)]
    tags = [key for key in value if key.startswith("$")]
    if not tags:
        return {key: _decode(item, "%s[%r]" % (path, key), depth + 1) for key, item in value.items()}
    if len(tags) > 1:
        raise Unreadable("%s: several tags %s in one object" % (path, ", ".join(tags)))
    tag = tags[0]
    reader = _READERS.get(tag)
    if reader is None:
        raise Unreadable("%s: unknown tag %r; the saved form knows only %s" % (path, tag, ", ".join(sorted(_READERS))))
    allowed = _PARAMETERS.get(tag, ())
    for key in value:
        if key != tag and key not in allowed:
            raise Unreadable("%s: unexpected field %r beside %r" % (path, key, tag))
    try:
        return reader(value, value[tag], path, depth + 1)
    except Unreadable:
        raise
    except (TypeError, ValueError, OverflowError, KeyError, LookupError, decimal.InvalidOperation) as e:
        raise Unreadable("%s: %s is not readable (%s: %s)" % (path, tag, type(e).__name__, e))


def _list(payload, tag, path):
    if type(payload) is not list:
        raise Unreadable("%s: %s holds a %s, not a list" % (path, tag, type(payload).__name__))
    return payload


def _text(payload, tag, path):
    if type(payload) is not str:
        raise Unreadable("%s: %s holds a %s, not a string" % (path, tag, type(payload).__name__))
    return payload


def _decoded_items(payload, tag, path, depth):
    return [_decode(item, "%s[%d]" % (path, index), depth) for index, item in enumerate(_list(payload, tag, path))]


def _decoded_pairs(payload, tag, path, depth):
    pairs = []
    for index, pair in enumerate(_list(payload, tag, path)):
        if type(pair) is not list or len(pair) != 2:
            raise Unreadable("%s: %s entry %d is not a [key, value] pair" % (path, tag, index))
        key = _decode(pair[0], "%s (key %d)" % (path, index), depth)
        try:
            hash(key)
        except TypeError:
            raise Unreadable("%s: %s key %d is a %s, which cannot be a key" % (path, tag, index, type(key).__name__))
        pairs.append((key, _decode(pair[1], "%s[%r]" % (path, key), depth)))
    return pairs


def _hashable_items(payload, tag, path, depth):
    items = _decoded_items(payload, tag, path, depth)
    for item in items:
        try:
            hash(item)
        except TypeError:
            raise Unreadable("%s: %s holds a %s, which cannot be an element" % (path, tag, type(item).__name__))
    return items


def _read_deque(value, payload, path, depth):
    maxlen = value.get("maxlen")
    if maxlen is not None and (type(maxlen) is not int or maxlen < 0):
        raise Unreadable("%s: $deque maxlen %r is not a non-negative integer" % (path, maxlen))
    return collections.deque(_decoded_items(payload, "$deque", path, depth), maxlen)


def _read_defaultdict(value, payload, path, depth):
    name = value.get("factory")
    if name not in _FACTORIES:
        raise Unreadable("%s: $defaultdict factory %r is not one of %s"
                         % (path, name, ", ".join(sorted(n for n in _FACTORIES if n))))
    return collections.defaultdict(_FACTORIES[name], _decoded_pairs(payload, "$defaultdict", path, depth))


def _zone(value, path):
    if "offset" in value and "zone" in value:
        raise Unreadable("%s: both an offset and a zone" % path)
    if "zone" in value:
        key = value["zone"]
        if type(key) is not str or not _ZONE_KEY.fullmatch(key) or ".." in key:
            raise Unreadable("%s: zone %r is not a time zone name" % (path, key))
        import zoneinfo
        try:
            return zoneinfo.ZoneInfo(key)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as e:
            raise Unreadable("%s: time zone %r is not known here (%s)" % (path, key, e))
    if "offset" not in value:
        if "tzname" in value:
            raise Unreadable("%s: a tzname without an offset" % path)
        return None
    offset = value["offset"]
    if type(offset) is not list or len(offset) != 3 or any(type(part) is not int for part in offset):
        raise Unreadable("%s: offset %r is not [days, seconds, microseconds]" % (path, offset))
    delta = datetime.timedelta(*offset)
    name = value.get("tzname")
    if name is not None and type(name) is not str:
        raise Unreadable("%s: tzname %r is not a string" % (path, name))
    return datetime.timezone(delta, name) if name is not None else datetime.timezone(delta)


def _fold(value, path):
    fold = value.get("fold", 0)
    if fold not in (0, 1) or type(fold) is not int:
        raise Unreadable("%s: fold %r is not 0 or 1" % (path, fold))
    return fold


def _read_datetime(value, payload, path, depth):
    naive = datetime.datetime.fromisoformat(_text(payload, "$datetime", path))
    if naive.tzinfo is not None:
        raise Unreadable("%s: $datetime %r carries an offset; it belongs in the offset field" % (path, payload))
    return naive.replace(tzinfo=_zone(value, path), fold=_fold(value, path))


def _read_time(value, payload, path, depth):
    naive = datetime.time.fromisoformat(_text(payload, "$time", path))
    if naive.tzinfo is not None:
        raise Unreadable("%s: $time %r carries an offset; it belongs in the offset field" % (path, payload))
    return naive.replace(tzinfo=_zone(value, path), fold=_fold(value, path))


def _read_timedelta(value, payload, path, depth):
    parts = _list(payload, "$timedelta", path)
    if len(parts) != 3 or any(type(part) is not int for part in parts):
        raise Unreadable("%s: $timedelta %r is not [days, seconds, microseconds]" % (path, payload))
    return datetime.timedelta(*parts)


def _read_float(value, payload, path, depth):
    names = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}
    if payload not in names:
        raise Unreadable("%s: $float %r is not nan, inf or -inf" % (path, payload))
    return names[payload]


def _read_int(value, payload, path, depth):
    text = _text(payload, "$int", path)
    if not re.fullmatch(r"-?[0-9a-f]+", text):
        raise Unreadable("%s: $int %r is not hexadecimal" % (path, payload))
    return int(text, 16)


def _read_decimal(value, payload, path, depth):
    return decimal.Decimal(_text(payload, "$decimal", path))


def _read_bytes(kind):
    def read(value, payload, path, depth):
        return kind(base64.b64decode(_text(payload, "$" + kind.__name__, path), validate=True))
    return read


_READERS = {
    "$tuple": lambda value, payload, path, depth: tuple(_decoded_items(payload, "$tuple", path, depth)),
    "$set": lambda value, payload, path, depth: set(_hashable_items(payload, "$set", path, depth)),
    "$frozenset": lambda value, payload, path, depth: frozenset(_hashable_items(payload, "$frozenset", path, depth)),
    "$deque": _read_deque,
    "$dict": lambda value, payload, path, depth: dict(_decoded_pairs(payload, "$dict", path, depth)),
    "$ordereddict": lambda value, payload, path, depth: collections.OrderedDict(
        _decoded_pairs(payload, "$ordereddict", path, depth)),
    "$counter": lambda value, payload, path, depth: collections.Counter(
        dict(_decoded_pairs(payload, "$counter", path, depth))),
    "$defaultdict": _read_defaultdict,
    "$datetime": _read_datetime,
    "$date": lambda value, payload, path, depth: datetime.date.fromisoformat(_text(payload, "$date", path)),
    "$time": _read_time,
    "$timedelta": _read_timedelta,
    "$bytes": _read_bytes(bytes),
    "$bytearray": _read_bytes(bytearray),
    "$decimal": _read_decimal,
    "$float": _read_float,
    "$int": _read_int,
}
_PARAMETERS = {
    "$deque": ("maxlen",),
    "$defaultdict": ("factory",),
    "$datetime": ("offset", "tzname", "zone", "fold"),
    "$time": ("offset", "tzname", "zone", "fold"),
}


# ---- loading the function -------------------------------------------------------------------------------------


class LoadFailed(Exception):
    """The version cannot run; kind is "syntax", "import" or "handler", error the report."""

    def __init__(self, kind, error):
        super().__init__(error["message"])
        self.kind = kind
        self.error = error


class Paths:
    """Shows the staged copies of the code under the names the user knows them by (FUNCTION_PATH, the zip)."""

    def __init__(self, shown):
        self.shown = [(staged, origin) for staged, origin in shown]
        self.roots = [staged for staged, _ in self.shown]

    def show(self, filename):
        if filename is None:
            return filename
        for staged, origin in self.shown:
            if filename == staged or filename.startswith(staged.rstrip(os.sep) + os.sep):
                return origin + filename[len(staged):]
        return filename

    def is_users(self, filename):
        return filename is not None and any(filename == root or filename.startswith(root.rstrip(os.sep) + os.sep)
                                            for root in self.roots)


def _type_name(error_type):
    module = error_type.__module__
    return error_type.__qualname__ if module in ("builtins", "__main__") else module + "." + error_type.__qualname__


def error_report(error, paths):
    """{type, message, trace, where} for an exception, its traceback shown with the user's file names."""
    shown = traceback.TracebackException(type(error), error, error.__traceback__)
    where = _relabel(shown, paths, set())
    trace = "".join(shown.format())
    if len(trace) > MAX_TRACE_CHARS:
        trace = "...\n" + trace[-MAX_TRACE_CHARS:]
    message = str(error)
    if isinstance(error, SyntaxError):
        message = "%s:%s: %s" % (paths.show(error.filename), error.lineno, error.msg)
    return {"type": _type_name(type(error)), "message": message or _type_name(type(error)), "trace": trace,
            "where": where}


def _relabel(shown, paths, seen):
    """Drops the worker's own frames, shows the staged files under their real names; returns file:line of the
    innermost frame in the function's own files."""
    if id(shown) in seen:
        return None
    seen.add(id(shown))
    frames = [frame for frame in shown.stack if frame.filename != WORKER_FILE]
    where = None
    for frame in frames:
        frame.line  # read the source line while the file is still known by its staged name
        if paths.is_users(frame.filename):
            where = "%s:%s" % (paths.show(frame.filename), frame.lineno)
        frame.filename = paths.show(frame.filename)
    shown.stack = traceback.StackSummary.from_list(frames)
    if getattr(shown, "filename", None):
        shown.filename = paths.show(shown.filename)
        if where is None and getattr(shown, "lineno", None):
            where = "%s:%s" % (shown.filename, shown.lineno)
    for linked in (shown.__cause__, shown.__context__):
        if linked is not None:
            _relabel(linked, paths, seen)
    for member in getattr(shown, "exceptions", None) or ():
        _relabel(member, paths, seen)
    return where


def _handler_error(message):
    return LoadFailed("handler", {"type": "HandlerNotFound", "message": message, "trace": None, "where": None})


def _top_level_modules(root):
    """The modules a folder offers at its top: name -> the file that defines it (module.py or package/__init__.py)."""
    found = {}
    try:
        names = sorted(os.listdir(root))
    except OSError:
        return found
    for name in names:
        full = os.path.join(root, name)
        if name.endswith(".py") and os.path.isfile(full) and name[:-3].isidentifier():
            found[name[:-3]] = full
        elif name.isidentifier() and os.path.isfile(os.path.join(full, "__init__.py")):
            found[name] = os.path.join(full, "__init__.py")
    return found


def _defines(source_file, name):
    """Whether a module's source binds name at its top level (def, class, assignment, import), without running it."""
    with open(source_file, "rb") as source:
        tree = ast.parse(source.read(), source_file)
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == name:
            return True
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(target, ast.Name) and target.id == name for target in targets):
                return True
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            if any((alias.asname or alias.name.split(".")[0]) == name for alias in node.names):
                return True
    return False


def _find_module(root, function, paths):
    """The one top-level module of an archive that defines function, found by reading the sources."""
    modules = _top_level_modules(root)
    if not modules:
        raise _handler_error("no Python module at the top of the archive: expected module.py files or package"
                             " folders with __init__.py")
    defining = [name for name, source in modules.items() if _defines(source, function)]
    if len(defining) == 1:
        return defining[0]
    listed = ", ".join(os.path.relpath(source, root) for source in modules.values())
    if not defining:
        raise _handler_error("no top-level module defines %s(); looked in %s. Name it with"
                             " FUNCTION_HANDLER=module.function or module:function" % (function, listed))
    raise _handler_error("several top-level modules define %s(): %s; pick one with FUNCTION_HANDLER=module.%s"
                         % (function, ", ".join(defining), function))


def _public_functions(module):
    return sorted(name for name, value in vars(module).items()
                  if not name.startswith("_") and callable(value)
                  and getattr(value, "__module__", None) == module.__name__)


def _handler_arguments(value):
    """How a handler would call value: 2 as value(input, context), 1 as value(input), 0 not at all. A callable whose
    signature cannot be read is taken at its word as value(input, context)."""
    try:
        signature = inspect.signature(value)
    except (TypeError, ValueError):
        return 2
    for arguments in ((None, None), (None,)):
        try:
            signature.bind(*arguments)
            return len(arguments)
        except TypeError:
            pass
    return 0


def _missing_handler(module, module_name, function_name, paths):
    names = _public_functions(module)
    message = "module %s (%s) has no %s(); it defines: %s" % (
        module_name, paths.show(getattr(module, "__file__", None)), function_name, ", ".join(names) or "no functions")
    handlers = [name for name in names if _handler_arguments(getattr(module, name))]
    if len(handlers) == 1:
        message += ". To call %s(), set FUNCTION_HANDLER=%s (./fnpulse: --handler %s)" % (
            handlers[0], handlers[0], handlers[0])
    elif handlers:
        message += ". Name the one to call with FUNCTION_HANDLER (./fnpulse: --handler)"
    return _handler_error(message)


def load(header, paths):
    """Imports the module and finds the entry point: (function, takes_context, description)."""
    sys.path[:0] = header["path"]
    function_name = header["function"]
    module_name = header.get("module")
    try:
        if module_name is None:
            module_name = _find_module(header["path"][0], function_name.split(".")[0], paths)
        module = importlib.import_module(module_name)
    except LoadFailed:
        raise
    except SyntaxError as e:
        raise LoadFailed("syntax", error_report(e, paths))
    except ModuleNotFoundError as e:
        if e.name is not None and (module_name == e.name or module_name.startswith(e.name + ".")):
            found = ", ".join(sorted(_top_level_modules(header["path"][0]))) or "none"
            raise _handler_error("no module named %r on the function's path; its top-level modules: %s"
                                 % (e.name, found))
        raise LoadFailed("import", error_report(e, paths))
    except BaseException as e:
        raise LoadFailed("import", error_report(e, paths))
    target = module
    for part in function_name.split("."):
        if not hasattr(target, part):
            raise _missing_handler(module, module_name, function_name, paths)
        target = getattr(target, part)
    if not callable(target):
        raise _handler_error("%s.%s is a %s, not a function" % (module_name, function_name, type(target).__name__))
    arguments = _handler_arguments(target)
    if not arguments:
        raise _handler_error("%s.%s%s cannot be called as %s(input, context)"
                             % (module_name, function_name, inspect.signature(target), function_name))
    return target, arguments == 2, "%s:%s" % (module_name, function_name)


# ---- calls ----------------------------------------------------------------------------------------------------


class Context:
    """What the course's runtime passed as context: the same attributes, with env kept across calls and restarts."""

    def __init__(self, host, port, input_key, output_key, function_getmtime, last_execution, env):
        self.host = host
        self.port = port
        self.input_key = input_key
        self.output_key = output_key
        self.function_getmtime = function_getmtime
        self.last_execution = last_execution
        self.env = env

    def __repr__(self):
        return "Context(host=%r, port=%r, input_key=%r, output_key=%r, function_getmtime=%r, last_execution=%r)" % (
            self.host, self.port, self.input_key, self.output_key, self.function_getmtime, self.last_execution)


class Worker:
    def __init__(self, frames, paths, function, takes_context):
        self.frames = frames
        self.paths = paths
        self.function = function
        self.takes_context = takes_context
        self.held = None
        self.held_token = None
        self.times = {}
        self.stdout = PrintRouter("<stdout>", sys.__stderr__.buffer)
        self.stderr = PrintRouter("<stderr>", sys.__stderr__.buffer)
        sys.stdout = self.stdout
        sys.stderr = self.stderr

    def local_time(self, epoch_millis):
        """A naive local datetime, as datetime.now() gives: what the course's runtime put in context."""
        if epoch_millis is None:
            return None
        known = self.times.get(epoch_millis)
        if known is None:
            if len(self.times) > 16:
                self.times.clear()
            known = datetime.datetime.fromtimestamp(epoch_millis / 1000)
            self.times[epoch_millis] = known
        return known

    def call(self, header, parts):
        env_token = header.get("envToken")
        if env_token is None:
            try:
                env = decode_env(parts[1])
            except Unreadable as e:
                return {"kind": "bad_state", "error": _plain_error("UnreadableEnv", "the saved env cannot be"
                                                                   " restored: %s" % e)}, ()
        elif env_token == self.held_token:
            env = self.held
        else:
            return {"kind": "need_env"}, ()
        self.held = None
        self.held_token = None
        input_value = json.loads(parts[0])
        modified = self.local_time(header["modifiedAt"])
        context = Context(header["host"], header["port"], header["inputKey"], header.get("outputKey"),
                          modified.strftime("%Y-%m-%d %H:%M:%S"), self.local_time(header.get("lastExecution")), env)
        limit = header["capture"]
        out, err = Capture(limit), Capture(limit)
        self.stdout.capture, self.stderr.capture = out, err
        sys.stdout, sys.stderr = self.stdout, self.stderr
        try:
            result = self.function(input_value, context) if self.takes_context else self.function(input_value)
            if inspect.iscoroutine(result):
                import asyncio
                result = asyncio.run(result)
        except BaseException as e:
            return self.ended(out, err, {"kind": "function_error", "error": error_report(e, self.paths)}), ()
        finally:
            with self.stdout.lock, self.stderr.lock:
                self.stdout.capture = self.stderr.capture = None
            sys.stdout, sys.stderr = self.stdout, self.stderr
        try:
            output = encode_output(result)
        except BadResult as e:
            return self.ended(out, err, {"kind": "bad_result", "error": _plain_error("InvalidResult", str(e))}), ()
        env = context.env
        if type(env) is not dict:
            message = "context.env was replaced by a %s; it must stay a dict" % type(env).__name__
            return self.ended(out, err, {"kind": "bad_env", "error": _plain_error("InvalidEnv", message)}), ()
        try:
            saved, shared = encode_env(env)
        except Unsaveable as e:
            return self.ended(out, err, {"kind": "bad_env", "error": _plain_error("InvalidEnv", str(e))}), ()
        if not shared:
            # the env as the function left it is exactly what the saved form reads back to: the next call may start
            # from it without decoding, as long as the runtime commits it (it says so by sending its token)
            self.held = env
            self.held_token = header["hold"]
        return self.ended(out, err, {"kind": "success", "held": not shared}), (output, saved)

    @staticmethod
    def ended(out, err, reply):
        if out.kept or out.more:
            reply["stdout"] = out.text()
            reply["stdoutMore"] = out.more
        if err.kept or err.more:
            reply["stderr"] = err.text()
            reply["stderrMore"] = err.more
        return reply


class BadResult(Exception):
    pass


def encode_output(result):
    """The JSON object to write, as bytes, or b"" for None and an empty dict (which write nothing)."""
    if result is None:
        return b""
    if not isinstance(result, dict):
        raise BadResult("the result is a %s, not a dict; return a dict (a JSON object) or None"
                        % type(result).__name__)
    if not result:
        return b""
    try:
        text = json.dumps(result, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except RecursionError:
        raise BadResult("the result cannot be serialised to JSON: it is nested too deeply or refers to itself")
    except (TypeError, ValueError) as e:
        raise BadResult("the result cannot be serialised to JSON%s: %s" % (_json_problem(result, "result"), e))
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as e:
        raise BadResult("the result holds a string with a lone surrogate (%s)" % e.reason)
    if len(data) > MAX_OUTPUT_BYTES:
        raise BadResult("the result serialises to more than %d MiB" % (MAX_OUTPUT_BYTES // (1024 * 1024)))
    return data


def _json_problem(value, path, depth=0):
    """ at result['a'][2] (a datetime): where a value json cannot write is, found only after json.dumps failed."""
    if depth > 100:
        return " at %s" % path
    if isinstance(value, float) and not math.isfinite(value):
        return " at %s (%r)" % (path, value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return ""
    if isinstance(value, dict):
        for key, item in value.items():
            if not (key is None or isinstance(key, (str, int, float, bool))):
                return " at %s (a key of type %s)" % (path, type(key).__name__)
            found = _json_problem(item, "%s[%r]" % (path, key), depth + 1)
            if found:
                return found
        return ""
    if isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            found = _json_problem(item, "%s[%d]" % (path, index), depth + 1)
            if found:
                return found
        return ""
    return " at %s (a %s)" % (path, type(value).__name__)


def _plain_error(error_type, message):
    return {"type": error_type, "message": message, "trace": None, "where": None}


# ---- the process ----------------------------------------------------------------------------------------------


def _exit_with_parent():
    """Ends the worker when the runtime is gone, even if a call never returns (the runtime may have been killed)."""
    parent = os.getppid()

    def watch():
        while True:
            time.sleep(1)
            if os.getppid() != parent:
                os._exit(70)

    threading.Thread(target=watch, name="fnpulse-parent-watch", daemon=True).start()


def main():
    import faulthandler
    faulthandler.enable()  # a crash in C code leaves a Python traceback on stderr, in the runtime's log
    frames = Frames()
    _exit_with_parent()
    first = frames.read()
    if first is None or first[0].get("op") != "load":
        os._exit(2)
    header = first[0]
    paths = Paths(header["show"])
    try:
        function, takes_context, description = load(header, paths)
    except LoadFailed as e:
        frames.write({"ok": False, "kind": e.kind, "error": e.error})
        frames.writer.close()
        os._exit(0)
    frames.write({"ok": True, "entry": description, "python": platform.python_version()})
    worker = Worker(frames, paths, function, takes_context)
    while True:
        frame = frames.read()
        if frame is None:
            os._exit(0)
        header, parts = frame
        if header.get("op") != "call":
            os._exit(2)
        reply, reply_parts = worker.call(header, parts)
        frames.write(reply, reply_parts)


if __name__ == "__main__":
    main()
