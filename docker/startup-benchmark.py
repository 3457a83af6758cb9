#!/usr/bin/env python3
"""Start-to-first-output of the runtime jar under different JVMs and flags (docs/deploy.md, "JVM flags and CDS").

One run: a snapshot already waits in the input key; the runtime is started (`java FLAGS -jar fnpulse-runtime.jar`)
and the clock stops when the output key holds a value. Also reported: the CPU time the process had used by then
(less sensitive than wall time to other work on a shared machine). Variants run interleaved, round after round,
so that such noise spreads over all of them alike; the median of the rounds is printed.

"cold" runs start with an empty CODE_CACHE_DIR (a new pod: javac compiles the function); "warm" runs reuse one
(a restarted container on its emptyDir: the compiled classes are found by source hash).

  python3 docker/startup-benchmark.py --redis-port 6399 --rounds 5 \
      --variant 'no CDS|cold|/tmp/jre/bin/java|-XX:+UseSerialGC' \
      --variant 'AppCDS|cold|/tmp/jre/bin/java|-Xshare:on -XX:SharedArchiveFile=/tmp/runtime.jsa -XX:+UseSerialGC'

Needs a Redis on 127.0.0.1:<port> (its keys bench-in, bench-out* are overwritten) and the runtime jar
(./mvnw -B -DskipTests -pl runtime -am package). Use -Xshare:on with an archive, so that an archive the JVM cannot
use (another jar, another JVM) fails the run instead of silently measuring no CDS.
"""
import argparse, os, pathlib, shutil, signal, socket, statistics, subprocess, tempfile, time

ROOT = pathlib.Path(__file__).resolve().parent.parent


def redis(port, *args):
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(("*%d\r\n" % len(args) + "".join("$%d\r\n%s\r\n" % (len(a.encode()), a) for a in args)).encode())
        return s.recv(1 << 20)


def cpu_seconds(pid):
    fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(args, java, flags, cache_dir, log):
    """One start: returns (wall seconds, CPU seconds) from launch to the first output."""
    for key in ("bench-out", "bench-out:env", "bench-out:status", "bench-out:lock"):
        redis(args.redis_port, "DEL", key)
    redis(args.redis_port, "SET", "bench-in", args.snapshot.read_text().splitlines()[0])
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), "REDIS_HOST": "127.0.0.1",
           "REDIS_PORT": str(args.redis_port), "REDIS_INPUT_KEY": "bench-in", "REDIS_OUTPUT_KEY": "bench-out",
           "FUNCTION_PATH": str(args.function), "POLL_INTERVAL_SECONDS": "0.01", "HTTP_PORT": "0",
           "CODE_CACHE_DIR": cache_dir}
    start = time.monotonic()
    process = subprocess.Popen([java, *flags, "-jar", str(args.jar)], env=env, stdout=log, stderr=subprocess.STDOUT)
    while redis(args.redis_port, "GET", "bench-out").startswith(b"$-1"):
        if process.poll() is not None:
            raise SystemExit(f"{java} {' '.join(flags)} exited with {process.returncode}; see {log.name}")
        time.sleep(0.002)
    wall, cpu = time.monotonic() - start, cpu_seconds(process.pid)
    process.send_signal(signal.SIGTERM)
    process.wait(60)
    return wall, cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--redis-port", type=int, default=6379)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--jar", type=pathlib.Path, default=ROOT / "runtime/target/fnpulse-runtime.jar")
    parser.add_argument("--function", type=pathlib.Path,
                        default=ROOT / "function/src/main/java/io/fnpulse/function/MetricsFunction.java")
    parser.add_argument("--snapshot", type=pathlib.Path, default=ROOT / "data/metrics-stream.jsonl")
    parser.add_argument("--variant", action="append", required=True, help="name|cold or warm|java|flags")
    args = parser.parse_args()
    variants = [v.split("|") for v in args.variant]
    results = {name: [] for name, *_ in variants}
    log_path = pathlib.Path(tempfile.gettempdir()) / "startup-benchmark.log"
    with open(log_path, "w") as log:
        warm_caches = {}
        for name, mode, java, flags in variants:
            if mode == "warm":
                warm_caches[name] = tempfile.mkdtemp(prefix="bench-warm-")
                run(args, java, flags.split(), warm_caches[name], log)  # fills the compile cache
        for _ in range(args.rounds):
            for name, mode, java, flags in variants:
                cache = warm_caches.get(name) or tempfile.mkdtemp(prefix="bench-cold-")
                results[name].append(run(args, java, flags.split(), cache, log))
                if name not in warm_caches:
                    shutil.rmtree(cache)
    for name, runs in results.items():
        walls = [wall for wall, _ in runs]
        print(f"{name:32s} wall median {statistics.median(walls):.2f} s ({' '.join(f'{w:.2f}' for w in walls)})"
              f"   CPU median {statistics.median(cpu for _, cpu in runs):.2f} s")


if __name__ == "__main__":
    main()
