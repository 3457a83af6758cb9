#!/usr/bin/env bash
# Records which classes a service loads from its start through its first real work, for its image's AppCDS archive:
# starts a throwaway Redis, runs the service's jar against it with -XX:DumpLoadedClassList, drives it as a first
# minute in a pod would, and stops it.
#   runtime:   one host-metrics snapshot waits in the input key; the metrics function is compiled from source (so
#              javac's classes are recorded too); done once the output is written and the probes have answered
#   dashboard: one output waits in the output key; done once the page, its scripts, /api/latest, /api/history, the
#              probes and a WebSocket have answered
#   monitor:   done once the first snapshot is published and the probes have answered
#
# Usage: cds-training.sh runtime   <jar> <class list to write> <function .java> <snapshots .jsonl>
#        cds-training.sh dashboard <jar> <class list to write>
#        cds-training.sh monitor   <jar> <class list to write>
# Needs bash, java and redis-server on PATH (the Dockerfiles run it in a stage FROM the redis image).
set -euo pipefail
export LC_ALL=C # ${#arg} below must count bytes, as Redis does
service=$1 jar=$2 classlist=$3
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

# wait_for WHAT COMMAND...: retries COMMAND every 0.1 s for at most 60 s while the service runs.
wait_for() {
  local what=$1
  shift
  for _ in $(seq 600); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    kill -0 "$pid" 2>/dev/null || { echo "cds-training.sh: the $service exited before $what" >&2; exit 1; }
    sleep 0.1
  done
  echo "cds-training.sh: no $what within 60 s" >&2
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
    env+=(REDIS_OUTPUT_KEY=training-output FUNCTION_PATH="$function" POLL_INTERVAL_SECONDS=0.1 HTTP_PORT="$http_port"
      CODE_CACHE_DIR="$work/code")
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

env "${env[@]}" java -XX:DumpLoadedClassList="$classlist" -Xshare:off -jar "$jar" &
pid=$!
case $service in
  runtime)
    wait_for "output" exists training-output
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
rm -rf "$work"
echo "cds-training.sh: recorded $(wc -l <"$classlist") classes of the $service in $classlist"
