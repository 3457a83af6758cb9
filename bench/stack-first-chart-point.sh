#!/usr/bin/env bash
# Time from `java -jar fnpulse-stack.jar` to the first sample in the dashboard's /api/latest, five runs.
# Run from the checkout after ./mvnw -B -DskipTests package; each run uses its own ports.
set -euo pipefail
jar="$(cd "$(dirname "$0")/.." && pwd)/stack/target/fnpulse-stack.jar"
for i in 1 2 3 4 5; do
  port=$((54000 + i)); redis_port=$((6500 + i))
  start=$(date +%s%N)
  PORT=$port REDIS_PORT=$redis_port java -jar "$jar" > "/tmp/fnpulse-stack-run-$i.log" 2>&1 &
  pid=$!
  until curl -s "localhost:$port/api/latest" 2>/dev/null | grep -q '"values"'; do sleep 0.02; done
  end=$(date +%s%N)
  echo "run $i: $(( (end - start) / 1000000 )) ms to the first chart point"
  kill -TERM "$pid"   # not SIGINT: a shell script's background job ignores it
  wait "$pid" || true
done
uptime
