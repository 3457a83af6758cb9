#!/usr/bin/env bash
# A service's first minute, run once at image build, for its start-up archive: starts a throwaway Redis, runs the
# service's jar against it, drives it as a first minute in a pod would, and stops it (SIGTERM).
#   runtime:   host-metrics snapshots wait in the input key, one after another; the metrics function is compiled
#              from source (so javac runs too); done once 20 outputs are written and the probes have answered
#   dashboard: one output waits in the output key; done once the page, its scripts, /api/latest, /api/history, the
#              probes and a WebSocket have answered
#   monitor:   done once the first snapshot is published and the probes have answered
#
# What it records depends on OUTPUT:
#   *.classlist    the classes the JVM loaded (-XX:DumpLoadedClassList), for a Java 17 AppCDS archive dumped later
#   *.jvm-options  the service's JVM options (a java @argfile, as the image's ENTRYPOINT reads it): the run uses
#                  them with every -XX:AOTCache=FILE turned into -XX:AOTCacheOutput=FILE, so it writes each AOT cache
#                  they name (Java 25: loaded and linked classes and method profiles, JEP 483/514/515) -- the
#                  runtime's, and, through -Dfnpulse.compiler.jvmOptions, that of the child JVM it compiles in
#
# Usage: cds-training.sh runtime   <jar> <OUTPUT> <function .java> <snapshots .jsonl>
#        cds-training.sh dashboard <jar> <OUTPUT>
#        cds-training.sh monitor   <jar> <OUTPUT>
# Needs bash, java and redis-server on PATH (the Dockerfiles run it in a stage FROM the redis image).
set -euo pipefail
export LC_ALL=C # ${#arg} below must count bytes, as Redis does
service=$1 jar=$2 output=$3
work=$(mktemp -d)

# free_port: a port nothing listens on. Random, not fixed: builds run in parallel (docker compose up --build builds
# the three images at once) and may share the network namespace, as buildah's RUN does.
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 5<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
}
redis_port=$(free_port)
http_port=$(free_port)
while [[ $http_port == "$redis_port" ]]; do http_port=$(free_port); done

redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --dir "$work" \
  --notify-keyspace-events 'K$' --pidfile "$work/redis.pid" --logfile "$work/redis.log"

# A minimal Redis client over bash's /dev/tcp: sends one command, prints the first reply line.
redis() {
  local request="*$#"$'\r\n' arg reply
  for arg in "$@"; do request+="\$${#arg}"$'\r\n'"$arg"$'\r\n'; done
  exec 3<>"/dev/tcp/127.0.0.1/$redis_port"
  printf '%s' "$request" >&3
  IFS= read -r reply <&3
  exec 3>&-
  printf '%s\n' "${reply%$'\r'}"
}

# get PATH [HEADER...]: one HTTP request to the service; prints the status code, then reads the response until the
# server closes the connection or stays silent for a second (a WebSocket), for at most 100 lines.
get() {
  local path=$1 status
  shift
  (($#)) || set -- 'Connection: close'
  exec 4<>"/dev/tcp/127.0.0.1/$http_port" || return 1
  printf 'GET %s HTTP/1.1\r\nHost: localhost:%s\r\n' "$path" "$http_port" >&4
  printf '%s\r\n' "$@" '' >&4
  IFS=' ' read -r _ status _ <&4 || status=none
  for _ in $(seq 100); do IFS= read -r -t 1 _ <&4 || break; done
  exec 4>&-
  echo "$status"
}

# wait_for WHAT COMMAND...: retries COMMAND every 0.1 s for at most 300 s while the service runs (a loaded build
# machine; with -XX:AOTCacheOutput the compiler JVM writes its cache before it ends).
wait_for() {
  local what=$1
  shift
  for _ in $(seq 3000); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    kill -0 "$pid" 2>/dev/null || { echo "cds-training.sh: the $service exited before $what" >&2; exit 1; }
    sleep 0.1
  done
  echo "cds-training.sh: no $what within 300 s" >&2
  exit 1
}
answers() { [[ $(get "$1") == 200 ]]; }
exists() { [[ $(redis EXISTS "$1") == ":1" ]]; }
probes() {
  wait_for "/healthz" answers /healthz
  for path in /healthz /readyz /metrics; do get "$path" >/dev/null || true; done
}

for _ in $(seq 100); do [[ $(redis PING 2>/dev/null) == "+PONG" ]] && break; sleep 0.1; done
[[ $(redis PING 2>/dev/null) == "+PONG" ]] || { echo "cds-training.sh: redis-server did not start on port $redis_port" >&2; cat "$work/redis.log" >&2; exit 1; }
env=(REDIS_HOST=127.0.0.1 REDIS_PORT="$redis_port")
case $service in
  runtime)
    function=$4 snapshots=$5
    redis SET metrics "$(head -n 1 "$snapshots")" >/dev/null
    env+=(REDIS_OUTPUT_KEY=training-output FUNCTION_PATH="$function" TRIGGER=notify POLL_INTERVAL_SECONDS=0.1
      HTTP_PORT="$http_port" CODE_CACHE_DIR="$work/code")
    ;;
  dashboard)
    redis SET metrics-output '{"percent-network-egress":1.5,"percent-memory-caching":42.0,"avg-util-cpu0-60sec":3.2,"avg-util-cpu1-60sec":4.1}' >/dev/null
    env+=(REDIS_OUTPUT_KEY=metrics-output TRIGGER=notify PORT="$http_port")
    ;;
  monitor)
    env+=(REDIS_METRICS_KEY=metrics INTERVAL_SECONDS=1 HTTP_PORT="$http_port")
    ;;
  *) echo "cds-training.sh: unknown service $service (runtime, dashboard, monitor)" >&2; exit 2 ;;
esac

case $output in
  *.classlist) flags=(-XX:DumpLoadedClassList="$output" -Xshare:off) ;;
  *.jvm-options)
    sed 's/-XX:AOTCache=/-XX:AOTCacheOutput=/g' "$output" >"$work/training.jvm-options"
    grep -v '^#' "$work/training.jvm-options" | grep -q -- '-XX:AOTCacheOutput=' || { echo "cds-training.sh: $output names no -XX:AOTCache" >&2; exit 2; }
    flags=("@$work/training.jvm-options")
    ;;
  *) echo "cds-training.sh: $output is neither a .classlist nor a .jvm-options file" >&2; exit 2 ;;
esac
env "${env[@]}" java "${flags[@]}" -jar "$jar" &
pid=$!
case $service in
  runtime)
    wait_for "output" exists training-output
    probes
    # the first calls after the first: each a new snapshot, its output awaited
    for n in $(seq 2 20); do
      redis DEL training-output >/dev/null
      redis SET metrics "$(sed -n "${n}p" "$snapshots")" >/dev/null
      wait_for "output $n" exists training-output
    done
    probes
    ;;
  dashboard)
    probes
    for path in / /app.js /style.css /favicon.svg /api/latest /api/history; do get "$path" >/dev/null || true; done
    get /ws 'Upgrade: websocket' 'Connection: Upgrade' 'Sec-WebSocket-Version: 13' \
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==' >/dev/null || true
    ;;
  monitor)
    wait_for "first snapshot" exists metrics
    probes
    ;;
esac
kill -0 "$pid" 2>/dev/null || { echo "cds-training.sh: the $service exited during its training run" >&2; exit 1; }
kill -TERM "$pid"
wait "$pid" || true
redis SHUTDOWN NOSAVE >/dev/null 2>&1 || true
case $output in
  *.classlist) echo "cds-training.sh: recorded $(wc -l <"$output") classes of the $service in $output" ;;
  *)
    for cache in $(grep -v '^#' "$work/training.jvm-options" | grep -o -- '-XX:AOTCacheOutput=[^" ]*' | cut -d= -f2); do
      [[ -s $cache ]] || { echo "cds-training.sh: the training run left no AOT cache at $cache" >&2; exit 1; }
      echo "cds-training.sh: wrote the AOT cache $cache ($(($(stat -c %s "$cache") / 1048576)) MiB) of the $service"
    done
    ;;
esac
rm -rf "$work"
