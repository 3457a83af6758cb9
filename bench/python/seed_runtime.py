#!/usr/bin/python3
"""A stand-in of the seed's Python runtime (the course's lucasmsp/serverless:redis image), for bench/'s side-by-side
runs against fnpulse's runtime: the same loop, as the seed's README describes it -- GET the input key, parse it, skip
it when unchanged, call handler(input, context), SET the JSON result, sleep the interval -- with the same context
(host, port, input_key, output_key, function_getmtime, last_execution, env). Not a product: no lease, no state saved,
no retries; a failed call is printed and the loop goes on, as the seed's did.

Environment (the seed's names): REDIS_HOST [localhost], REDIS_PORT [6379], REDIS_INPUT_KEY [metrics],
REDIS_OUTPUT_KEY (required), INTERVAL [5] seconds, FUNCTION_PATH [/opt/usermodule.py], FUNCTION_HANDLER [handler].

Redis through the `redis` package where installed (Debian: apt-get install python3-redis), else through the minimal
RESP client below (GET and SET are all the loop needs).

  /usr/bin/python3 bench/python/seed_runtime.py
"""

import datetime
import importlib.util
import json
import os
import socket
import sys
import time


class RespClient:
    """GET and SET over one RESP connection: what the loop needs when the redis package is missing."""

    def __init__(self, host, port):
        self.sock = socket.create_connection((host, port))
        self.reader = self.sock.makefile("rb")

    def _command(self, *args):
        parts = [b"*%d\r\n" % len(args)]
        for arg in args:
            data = arg if isinstance(arg, bytes) else str(arg).encode()
            parts.append(b"$%d\r\n%s\r\n" % (len(data), data))
        self.sock.sendall(b"".join(parts))
        return self._reply()

    def _reply(self):
        line = self.reader.readline()
        kind, rest = line[:1], line[1:-2]
        if kind == b"$":
            length = int(rest)
            return None if length < 0 else self.reader.read(length + 2)[:-2]
        if kind in (b"+", b":"):
            return rest
        if kind == b"-":
            raise RuntimeError(rest.decode())
        raise RuntimeError("unexpected reply %r" % line)

    def get(self, key):
        return self._command("GET", key)

    def set(self, key, value):
        return self._command("SET", key, value)


def connect(host, port):
    try:
        import redis
    except ImportError:
        return RespClient(host, port)
    return redis.Redis(host=host, port=port)


class Context:
    def __init__(self, host, port, input_key, output_key, function_getmtime):
        self.host = host
        self.port = port
        self.input_key = input_key
        self.output_key = output_key
        self.function_getmtime = function_getmtime
        self.last_execution = None
        self.env = {}


def load(path, name):
    spec = importlib.util.spec_from_file_location("usermodule", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, name)


def main():
    host = os.environ.get("REDIS_HOST", "localhost")
    port = int(os.environ.get("REDIS_PORT", "6379"))
    input_key = os.environ.get("REDIS_INPUT_KEY", "metrics")
    output_key = os.environ["REDIS_OUTPUT_KEY"]
    interval = float(os.environ.get("INTERVAL", "5"))
    path = os.environ.get("FUNCTION_PATH", "/opt/usermodule.py")
    handler = load(path, os.environ.get("FUNCTION_HANDLER", "handler"))
    mtime = datetime.datetime.fromtimestamp(os.path.getmtime(path)).strftime("%Y-%m-%d %H:%M:%S")
    context = Context(host, port, input_key, output_key, mtime)
    r = connect(host, port)
    last = None
    while True:
        data = r.get(input_key)
        if data is not None and data != last:
            last = data
            try:
                result = handler(json.loads(data), context)
                if result:
                    r.set(output_key, json.dumps(result))
                context.last_execution = datetime.datetime.now()
            except Exception as e:  # the seed printed the error and went on
                print("function failed: %r" % e, file=sys.stderr, flush=True)
        time.sleep(interval)


if __name__ == "__main__":
    main()
