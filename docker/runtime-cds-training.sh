#!/usr/bin/env bash
# Records which classes the runtime loads from start to its first output, for the image's CDS archive: starts a
# throwaway Redis, puts one host-metrics snapshot in the input key, runs the runtime jar on the metrics function's
# source (so javac's classes are recorded too) with -XX:DumpLoadedClassList, and stops it once the output is there.
# Usage: runtime-cds-training.sh <runtime jar> <function .java> <snapshot .json> <class list to write>
# Needs bash, java and redis-server on PATH (the build uses the redis image for this stage).
set -euo pipefail
export LC_ALL=C # ${#arg} below must count bytes, as Redis does
jar=$1 function=$2 snapshot=$3 classlist=$4
port=6390
work=$(mktemp -d)

redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --dir "$work" \
  --pidfile "$work/redis.pid" --logfile "$work/redis.log"

# A minimal Redis client over bash's /dev/tcp: sends one command, prints the first reply line.
redis() {
  local request="*$#"$'\r\n' arg
  for arg in "$@"; do request+="\$${#arg}"$'\r\n'"$arg"$'\r\n'; done
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf '%s' "$request" >&3
  local reply
  IFS= read -r reply <&3
  exec 3>&-
  printf '%s\n' "${reply%$'\r'}"
}

for _ in $(seq 100); do [[ $(redis PING 2>/dev/null) == "+PONG" ]] && break; sleep 0.1; done
redis SET metrics "$(head -n 1 "$snapshot")" >/dev/null

REDIS_HOST=127.0.0.1 REDIS_PORT=$port REDIS_OUTPUT_KEY=training-output FUNCTION_PATH=$function \
  POLL_INTERVAL_SECONDS=0.1 HTTP_PORT=0 CODE_CACHE_DIR=$work/code \
  java -XX:DumpLoadedClassList="$classlist" -Xshare:off -jar "$jar" &
runtime=$!

for _ in $(seq 600); do
  [[ $(redis EXISTS training-output) == ":1" ]] && break
  kill -0 "$runtime" 2>/dev/null || { echo "the runtime exited before writing an output" >&2; exit 1; }
  sleep 0.1
done
[[ $(redis EXISTS training-output) == ":1" ]] || { echo "no output within 60 s" >&2; exit 1; }
kill -TERM "$runtime"
wait "$runtime"
redis SHUTDOWN NOSAVE >/dev/null 2>&1 || true
rm -rf "$work"
echo "recorded $(wc -l < "$classlist") classes in $classlist"
