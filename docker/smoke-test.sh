#!/usr/bin/env bash
# Builds fnpulse's three images from this checkout and runs them for real:
#
#   1. builds the runtime, monitor and dashboard images (tagged as k8s/ and docker/compose.yml name them), prints
#      their sizes against the targets and checks that each JVM can use its image's CDS archive (Java 17) or AOT
#      caches (the runtime, Java 25);
#   2. runs each as k8s/ does -- read-only root, uid 10001, all capabilities dropped, no new privileges, only /tmp
#      writable -- against a Redis container, and checks /healthz and /readyz, an output of the metrics function in
#      Redis and a sample at the dashboard's /api/latest;
#   2b. the runtime of k8s/ and of every overlay, with the settings its manifest gives it, against a Redis as the
#      manifest's own: every instance's output written, /readyz, a clean stop on SIGTERM with its leases given back;
#   3. docker/compose.yml: `compose up --build`, every service healthy, a dashboard sample, an edit of the mounted
#      function source reloaded by the runtime (its log), `compose down`;
#   4. with --kube (podman only): `podman kube play` of the rendered k8s/overlays/standalone, all pods running and an
#      output written, then `podman kube down`; then k8s/overlays/course the same way (its Python function from the
#      ConfigMap pyfile, against a plain Redis as the course's).
#   Compose and the overlay run as shipped: Redis with the ACL users of k8s/overlays/standalone/redis-users.acl (each
#   service logged in as its own, refusals checked) and the dashboard's sign-in on (an htpasswd -B file made here);
#   each image carries its SBOM and its jar's (/app/sbom).
#
# Prints each step with its time and exits non-zero naming the step that failed, with the logs of its containers.
# Everything it starts is named fnpulse-smoke* and removed at the end, failed or not.
#
# Usage: docker/smoke-test.sh [--kube]
#   CONTAINER_ENGINE  docker or podman (default: docker if its daemon answers, else podman)
#   COMPOSE           the Compose command, e.g. "docker compose", docker-compose, podman-compose (default: the first
#                     of those that runs; with podman, docker compose and docker-compose go through a podman API
#                     socket this script starts when DOCKER_HOST is unset)
#   JDK_IMAGE, JDK25_IMAGE, BASE_IMAGE, REDIS_IMAGE, EXTRA_CA_CERT   passed to the builds as build arguments when set
#   SIZE_LIMITS       "runtime=150 monitor=120 dashboard=120" (MB, 10^6 bytes); empty to only print the sizes. The
#                     runtime's target is 150 MB; CPython (for Python functions) takes it to 163.6 MB (docs/deploy.md)
#   SMOKE_TIMEOUT     seconds for each wait (default 180)
#   KUBECTL           what renders the overlay: kubectl (default) or kustomize
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)

KUBE=false
for arg in "$@"; do
  case $arg in
    --kube) KUBE=true ;;
    -h | --help) sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "smoke-test.sh: unknown argument $arg (see --help)" >&2; exit 2 ;;
  esac
done

TIMEOUT=${SMOKE_TIMEOUT:-180}
SIZE_LIMITS=${SIZE_LIMITS-runtime=150 monitor=120 dashboard=120}
SERVICES=(runtime monitor dashboard)
VERSION=0.1.0
REDIS=${REDIS_IMAGE:-redis:7.4-bookworm}
PREFIX=fnpulse-smoke
PROJECT=$PREFIX
NET=$PREFIX-net
KUBE_NET=$PREFIX-kube
LABEL=io.fnpulse.smoke-test=1
WORK=$(mktemp -d "${TMPDIR:-/tmp}/$PREFIX.XXXXXX")
STEP=setup
STEP_CONTAINERS=()   # whose logs a failure of the current step prints
BACKGROUND=()        # PIDs started here, ended at exit
SUMMARY=()
COMPOSE_UP=false
KUBE_UP=false
# What podman kube play started, in order: kube_down brings it down last first.
KUBE_PLAYED=()
T_START=

now_ms() {
  if [[ -n ${EPOCHREALTIME:-} ]]; then local t=${EPOCHREALTIME/[.,]/}; echo $((t / 1000)); else echo $(($(date +%s) * 1000)); fi
}
seconds_since() { local d=$(($(now_ms) - $1)); printf '%d.%d' $((d / 1000)) $((d % 1000 / 100)); }
say() { printf '   %s\n' "$*"; }
fail() { say "FAILED: $*"; exit 1; }

# step NAME FUNCTION: runs one step, timed; a failure inside exits through on_exit, which names it.
step() {
  STEP=$1
  STEP_CONTAINERS=()
  local t0
  t0=$(now_ms)
  printf '== %s\n' "$1"
  "$2"
  local took
  took=$(seconds_since "$t0")
  printf '   ok (%s s)\n' "$took"
  SUMMARY+=("$(printf '%-22s %6s s' "$1" "$took")")
}

# wait_until WHAT COMMAND...: retries COMMAND every half second for at most $TIMEOUT s.
wait_until() {
  local what=$1 deadline=$((SECONDS + TIMEOUT))
  shift
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || fail "no $what within $TIMEOUT s"
    sleep 0.5
  done
}

# http CONTAINER PORT PATH: a GET from inside the container, with the bash of its image (the images have no curl):
# prints the status line, the headers and the body.
# shellcheck disable=SC2016  # expanded by the container's bash
HTTP_GET='exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
printf "GET %s HTTP/1.0\r\nHost: localhost\r\n%s\r\n" "$2" "${4:-}" >&3
while IFS= read -r line || [[ -n $line ]]; do printf "%s\n" "${line%"$3"}"; done <&3'
http() { "$ENGINE" exec "$1" bash -c "$HTTP_GET" http-get "$2" "$3" $'\r' "${AUTH:+Authorization: $AUTH$CRLF}"; }
# Pipes read to the end (sed -n 1p, grep >/dev/null), never head or grep -q: a reader that leaves early can kill the
# writer with SIGPIPE, and under pipefail the pipeline then fails (141) whatever it found (the kube users step did).
http_ok() { [[ $(http "$@" | sed -n 1p) == *' 200 '* ]]; }
# has_sample CONTAINER PORT: the dashboard's /api/latest holds a sample.
has_sample() { http "$1" "$2" /api/latest | grep '"sample":{' >/dev/null; }
redis_get() { redis_cli "$1" "${REDIS_READER:-}" GET "$2"; }
# has_output CONTAINER KEY: the key holds one of the metrics function's outputs.
has_output() { redis_get "$1" "$2" | grep '"percentage_memory_caching"' >/dev/null; }
log_has() { "$ENGINE" logs "$1" 2>&1 | grep -- "$2" >/dev/null; }
log_count() { "$ENGINE" logs "$1" 2>&1 | grep -c -- "$2" || true; }

# quiet COMMAND...: runs it with no output, unless it fails (podman prints "failed to connect to syslog" otherwise).
quiet() {
  local out
  if ! out=$("$@" 2>&1); then printf '   | %s\n' "$out"; return 1; fi
}

# remove_containers FILTER...: removes (with their anonymous volumes) the containers ps lists with these filters.
remove_containers() {
  local filters=() f ids
  for f in "$@"; do filters+=(--filter "$f"); done
  mapfile -t ids < <("$ENGINE" ps -aq "${filters[@]}" 2>/dev/null)
  ((${#ids[@]})) || return 1
  "$ENGINE" rm -f -v "${ids[@]}" >/dev/null 2>&1
}

on_exit() {
  local rc=$?
  trap - EXIT
  set +e
  if ((rc != 0)); then
    local c
    for c in "${STEP_CONTAINERS[@]}"; do
      printf '   --- last 40 log lines of %s\n' "$("$ENGINE" inspect --format '{{.Name}}' "$c" 2>/dev/null || echo "$c")"
      "$ENGINE" logs --tail 40 "$c" 2>&1 | sed 's/^/   | /'
    done
  fi
  cleanup
  if ((rc != 0)); then
    printf 'smoke-test.sh: FAILED at step "%s" after %s s\n' "$STEP" "$(seconds_since "${T_START:-$(now_ms)}")" >&2
  fi
  exit "$rc"
}

cleanup() {
  if $COMPOSE_UP; then compose down -v -t 10 >/dev/null 2>&1; fi
  if $KUBE_UP; then kube_down >/dev/null 2>&1; fi
  remove_containers "label=$LABEL"
  "$ENGINE" network rm "$NET" "$PREFIX-overlays" "${PROJECT}_default" >/dev/null 2>&1
  local pid
  for pid in "${BACKGROUND[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${BACKGROUND[@]}"; do wait "$pid" 2>/dev/null; done
  if [[ -d $WORK ]]; then rm -rf "$WORK"; fi
}
trap on_exit EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------------------- engine

step_engine() {
  if [[ -n ${CONTAINER_ENGINE:-} ]]; then
    ENGINE=$CONTAINER_ENGINE
  elif command -v docker >/dev/null && docker info >/dev/null 2>&1 && ! docker version 2>/dev/null | grep -qi podman; then
    ENGINE=docker
  elif command -v podman >/dev/null; then
    ENGINE=podman
  else
    ENGINE=docker
    fail "neither docker (with a daemon that answers) nor podman found; CONTAINER_ENGINE chooses one"
  fi
  case $ENGINE in docker | podman) ;; *) fail "CONTAINER_ENGINE=$ENGINE: docker or podman" ;; esac
  "$ENGINE" info >/dev/null 2>&1 || fail "$ENGINE info fails: is the engine running?"
  say "engine: $ENGINE $("$ENGINE" version --format '{{.Client.Version}}' 2>/dev/null)"
  if $KUBE && [[ $ENGINE != podman ]]; then fail "--kube needs podman (podman kube play), not $ENGINE"; fi

  # The Compose command, and for docker compose or docker-compose on podman, podman's Docker API on a socket.
  local candidates=() c
  if [[ -n ${COMPOSE:-} ]]; then
    read -r -a candidates <<<"$COMPOSE"
    COMPOSE_CMD=("${candidates[@]}")
  else
    for c in "docker compose" docker-compose podman-compose; do
      read -r -a candidates <<<"$c"
      if "${candidates[@]}" version >/dev/null 2>&1; then COMPOSE_CMD=("${candidates[@]}"); break; fi
    done
    [[ -n ${COMPOSE_CMD:-} ]] || fail "no Compose found (docker compose, docker-compose, podman-compose); COMPOSE names one"
  fi
  if [[ $ENGINE == podman && ${COMPOSE_CMD[0]} != podman-compose ]]; then
    # BuildKit would need the moby/buildkit image; podman's API builds with buildah, which reads the same Dockerfiles.
    export DOCKER_BUILDKIT=0 COMPOSE_DOCKER_CLI_BUILD=0
    if [[ -z ${DOCKER_HOST:-} ]]; then
      local sock=$WORK/podman.sock
      podman system service --time=0 "unix://$sock" >"$WORK/podman-service.log" 2>&1 &
      BACKGROUND+=($!)
      export DOCKER_HOST=unix://$sock
      wait_until "podman API on $sock" podman --url "$DOCKER_HOST" version
      say "podman API for ${COMPOSE_CMD[*]}: $DOCKER_HOST (started here, PID ${BACKGROUND[-1]})"
    fi
  fi
  say "compose: ${COMPOSE_CMD[*]} ($("${COMPOSE_CMD[@]}" version 2>/dev/null | head -n 1))"
  # The images are built by the same client as Compose builds them, so that `compose up --build` finds their layers:
  # a build through podman's Docker API does not find the layers podman build made (tried here: 2 of 128 steps).
  BUILD_CMD=("$ENGINE" build)
  if [[ $ENGINE == podman && ${COMPOSE_CMD[0]} != podman-compose && -n ${DOCKER_HOST:-} ]] && command -v docker >/dev/null; then
    BUILD_CMD=(docker build)
  fi
  say "build: ${BUILD_CMD[*]}${DOCKER_HOST:+ (DOCKER_HOST=$DOCKER_HOST)}"
  leftovers
}

# Leftovers of an earlier run that was killed: its containers, pods, networks.
leftovers() {
  if remove_containers "label=$LABEL"; then say "removed containers of an earlier run"; fi
  if remove_containers "label=com.docker.compose.project=$PROJECT"; then say "removed compose containers of an earlier run"; fi
  if [[ $ENGINE == podman ]]; then
    local pods
    mapfile -t pods < <(podman pod ps -q --filter "label=$LABEL" 2>/dev/null)
    if ((${#pods[@]})); then podman pod rm -f "${pods[@]}" >/dev/null; say "removed pods of an earlier run"; fi
  fi
  # podman-compose 1.0.3 leaves its network behind, without the labels Compose v2 then insists on.
  local net
  for net in "$NET" "$KUBE_NET" "$PREFIX-overlays" "${PROJECT}_default"; do "$ENGINE" network rm "$net" >/dev/null 2>&1 || true; done
}

# ----------------------------------------------------------------------------------------------------------- build

build() {
  local service=$1 args=() name log=$WORK/build-$1.log
  for name in JDK_IMAGE JDK25_IMAGE BASE_IMAGE REDIS_IMAGE EXTRA_CA_CERT; do
    if [[ -n ${!name:-} ]]; then args+=(--build-arg "$name"); fi
  done
  if ! "${BUILD_CMD[@]}" "${args[@]}" -f "docker/$service.Dockerfile" -t "ghcr.io/fnpulse/$service:$VERSION" . >"$log" 2>&1; then
    tail -n 30 "$log" | sed 's/^/   | /'
    fail "${BUILD_CMD[*]} -f docker/$service.Dockerfile (log above)"
  fi
  grep -h -E '^(cds-training|jre-rootfs|trust-extra-ca)\.sh:' "$log" | cut -c1-220 | sed 's/^/   /' || true
}
step_build_runtime() { build runtime; }
step_build_monitor() { build monitor; }
step_build_dashboard() { build dashboard; }

step_sizes() {
  local service bytes limit over=()
  printf '   %-32s %10s %10s %s\n' IMAGE MB MiB TARGET
  for service in "${SERVICES[@]}"; do
    bytes=$("$ENGINE" image inspect --format '{{.Size}}' "ghcr.io/fnpulse/$service:$VERSION")
    limit=$(tr ' ' '\n' <<<"$SIZE_LIMITS" | sed -n "s/^$service=//p")
    printf '   %-32s %10s %10s %s\n' "ghcr.io/fnpulse/$service:$VERSION" \
      "$((bytes / 1000000)).$((bytes / 100000 % 10))" "$((bytes / 1048576)).$((bytes * 10 / 1048576 % 10))" \
      "${limit:+<= $limit MB}"
    if [[ -n $limit ]] && ((bytes > limit * 1000000)); then over+=("$service"); fi
  done
  ((${#over[@]} == 0)) || fail "over the size target: ${over[*]} (SIZE_LIMITS)"
}

# Each Java 17 image's JVM can map its CDS archive: with -Xshare:on a mismatch (another jar, another JVM) is an error
# instead of a silent start without it. (The runtime's, on Java 25, has AOT caches instead: step_aot.)
step_cds() {
  local service entrypoint archive out
  for service in "${SERVICES[@]}"; do
    entrypoint=$("$ENGINE" image inspect --format '{{json .Config.Entrypoint}}' "ghcr.io/fnpulse/$service:$VERSION")
    if grep -q '"@' <<<"$entrypoint"; then continue; fi
    archive=$(grep -o '"-XX:SharedArchiveFile=[^"]*"' <<<"$entrypoint" | tr -d '"') || fail "$service: no CDS archive in ENTRYPOINT $entrypoint"
    out=$("$ENGINE" run --rm --read-only --user 10001:10001 --network none --entrypoint java "ghcr.io/fnpulse/$service:$VERSION" \
      -Xshare:on "$archive" -cp "/app/fnpulse-$service.jar" -version 2>&1) || { printf '   | %s\n' "$out"; fail "$service: its JVM cannot use ${archive#*=}"; }
    say "$service: ${archive#*=} used ($(grep -o 'sharing' <<<"$out" | head -n 1))"
  done
}

# Each Java 25 image's JVM can use every AOT cache its options name: with -XX:AOTMode=on a cache that does not fit
# (another jar, JVM or flags) is an error instead of a silent start without it. The services stop at their first
# check of the environment (REDIS_PORT=none), after the JVM has opened the cache and checked its class path; the
# runtime's compiler JVM is started as the runtime starts it, with no request (a usage line, exit 2).
aot_check() {
  local service=$1 image=ghcr.io/fnpulse/$1:$VERSION options text out rc compiler
  options=$("$ENGINE" image inspect --format '{{json .Config.Entrypoint}}' "$image" | grep -o '"@[^"]*"' | tr -d '"@') ||
    fail "$service: its ENTRYPOINT names no @argfile of JVM options"
  # shellcheck disable=SC2016  # expanded by the image's bash (it has no cat)
  text=$("$ENGINE" run --rm --network none --entrypoint bash "$image" -c 'printf "%s\n" "$(<"$1")"' bash "$options")
  set +e
  out=$("$ENGINE" run --rm --read-only --user 10001:10001 --network none -e REDIS_PORT=none -e REDIS_OUTPUT_KEY=smoke \
    --entrypoint java "$image" "@$options" -XX:AOTMode=on -Xlog:class+path=info -jar "/app/fnpulse-$service.jar" 2>&1)
  rc=$?
  set -e
  if ((rc != 2)) || ! grep -q 'REDIS_PORT' <<<"$out" || ! grep -q 'Archived boot classpath validation: passed' <<<"$out"; then
    printf '   | %s\n' "${out//$'\n'/$'\n   | '}"
    fail "$service: its JVM cannot use the AOT cache its options $options name (exit $rc)"
  fi
  say "$service: $(grep -o 'Reading classpath(s) from [^ ]*' <<<"$out" | cut -d' ' -f4) used"
  compiler=$(grep -v '^#' <<<"$text" | sed -n 's/^-Dfnpulse.compiler.jvmOptions="\(.*\)"$/\1/p')
  [[ -n $compiler ]] || return 0
  set +e
  # shellcheck disable=SC2086  # the options are words
  out=$("$ENGINE" run --rm --read-only --user 10001:10001 --network none --entrypoint java "$image" $compiler -XX:AOTMode=on \
    -Xlog:class+path=info -cp "/app/fnpulse-$service.jar" io.fnpulse.runtime.load.CompilerProcess 2>&1)
  rc=$?
  set -e
  if ((rc != 2)) || ! grep -q '^usage: CompilerProcess' <<<"$out"; then
    printf '   | %s\n' "${out//$'\n'/$'\n   | '}"
    fail "$service: its compiler JVM cannot use its AOT cache ($compiler)"
  fi
  say "$service: its compiler JVM's $(grep -o 'Reading classpath(s) from [^ ]*' <<<"$out" | cut -d' ' -f4) used"
}
step_aot() {
  local service
  for service in "${SERVICES[@]}"; do
    if "$ENGINE" image inspect --format '{{json .Config.Entrypoint}}' "ghcr.io/fnpulse/$service:$VERSION" | grep -q '"@'; then
      aot_check "$service"
    fi
  done
}

# ------------------------------------------------------------------------------------------------------------- run

# hardened NAME: the options k8s/ gives our containers, for docker and podman alike.
hardened() {
  local opts=(--read-only --user 10001:10001 --cap-drop ALL --security-opt no-new-privileges)
  # podman --read-only adds writable tmpfs on /tmp, /run and /var/tmp by itself; Docker adds none.
  if [[ $ENGINE == podman ]]; then opts+=(--read-only-tmpfs=false); fi
  printf '%s\n' "${opts[@]}"
}

step_run() {
  local opts
  mapfile -t opts < <(hardened)
  quiet "$ENGINE" network create "$NET"
  # The function as k8s/ mounts it: the ConfigMap `function` as a folder holding function.java.
  mkdir -p "$WORK/function"
  cp k8s/base/function.java "$WORK/function/function.java"
  chmod -R a+rX "$WORK/function"

  STEP_CONTAINERS=("$PREFIX-redis" "$PREFIX-monitor" "$PREFIX-runtime" "$PREFIX-dashboard")
  quiet "$ENGINE" run -d --name "$PREFIX-redis" --label "$LABEL" --network "$NET" --network-alias redis "$REDIS" \
    redis-server --notify-keyspace-events 'K$'
  # /tmp: exec for the monitor only (JNA loads the library it unpacks there); the others do without.
  quiet "$ENGINE" run -d --name "$PREFIX-monitor" --label "$LABEL" --network "$NET" "${opts[@]}" --tmpfs /tmp:rw,exec,size=64m \
    -e REDIS_HOST=redis -e REDIS_PORT=6379 -e REDIS_METRICS_KEY=metrics -e INTERVAL_SECONDS=2 -e HTTP_PORT=8080 \
    "ghcr.io/fnpulse/monitor:$VERSION"
  quiet "$ENGINE" run -d --name "$PREFIX-runtime" --label "$LABEL" --network "$NET" "${opts[@]}" --tmpfs /tmp:rw,noexec,size=256m \
    -e REDIS_HOST=redis -e REDIS_PORT=6379 -e REDIS_INPUT_KEY=metrics -e REDIS_OUTPUT_KEY=metrics-output \
    -e POLL_INTERVAL_SECONDS=5 -e TRIGGER=notify -e FUNCTION_PATH=/opt/function/function.java \
    -e FUNCTION_HANDLER=io.fnpulse.function.MetricsFunction::handle -e CODE_CACHE_DIR=/tmp/fnpulse-code -e HTTP_PORT=8080 \
    -v "$WORK/function:/opt/function:ro" "ghcr.io/fnpulse/runtime:$VERSION"
  quiet "$ENGINE" run -d --name "$PREFIX-dashboard" --label "$LABEL" --network "$NET" "${opts[@]}" --tmpfs /tmp:rw,noexec,size=64m \
    -e REDIS_HOST=redis -e REDIS_PORT=6379 -e REDIS_OUTPUT_KEY=metrics-output -e TRIGGER=notify -e PORT=53004 \
    "ghcr.io/fnpulse/dashboard:$VERSION"

  local service port path
  for service in monitor runtime dashboard; do
    port=8080; [[ $service == dashboard ]] && port=53004
    for path in /healthz /readyz; do
      wait_until "200 from the $service's $path" http_ok "$PREFIX-$service" "$port" "$path"
    done
    say "$service: /healthz and /readyz answer 200"
  done
  wait_until "output of the metrics function in Redis (metrics-output)" has_output "$PREFIX-redis" metrics-output
  say "runtime: metrics-output = $(redis_get "$PREFIX-redis" metrics-output | cut -c1-110)..."
  wait_until "sample at the dashboard's /api/latest" has_sample "$PREFIX-dashboard" 53004
  say "dashboard: /api/latest has a sample"

  # Hardened as k8s/ runs them: uid 10001, no capabilities, nothing writable but /tmp.
  for service in monitor runtime dashboard; do
    # shellcheck disable=SC2016  # expanded by the container's bash
    "$ENGINE" exec "$PREFIX-$service" bash -c '
      while read -r key value _; do
        case $key in Uid:) uid=$value ;; CapEff:) caps=$value ;; NoNewPrivs:) nnp=$value ;; esac
      done </proc/1/status
      [[ $uid == 10001 && $caps == 0000000000000000 && $nnp == 1 ]] || { echo "uid $uid, CapEff $caps, NoNewPrivs $nnp"; exit 1; }
      for dir in / /app /opt/jre /etc; do if (: >"$dir/.smoke-write") 2>/dev/null; then echo "$dir is writable"; exit 1; fi; done
      : >/tmp/.smoke-write' || fail "$service is not running hardened"
  done
  say "all three: uid 10001, no capabilities, no new privileges, root file system read-only, /tmp writable"

  remove_containers "label=$LABEL"
  quiet "$ENGINE" network rm "$NET"
}

# ------------------------------------------------------------------------------------------- overlay runtimes

# The runtime of every kustomization k8s/ ships (k8s/ and each overlay on disk), run from its image with exactly the
# settings the manifest gives its container -- its ConfigMaps' variables and files, its Secrets as folders of fresh
# passwords, hardened as k8s/ runs it -- against a Redis run as the manifest's own (its arguments, ACL users and
# mounts; beside an existing Redis: no keyspace notifications), logged in as the runtime's user. Each snapshot
# goes where the manifest's monitor publishes it (its key and its stream, on two nodes for a monitor on every node;
# without a monitor, the input key), and every instance must write the metrics function's output, answer /readyz,
# and stop on SIGTERM with exit code 0 and its leases given back. Self-contained: its own network and containers.
smoke_overlay_runtimes() {
  local net=$PREFIX-overlays redis=$PREFIX-overlay-redis runtime=$PREFIX-overlay-runtime dir opts snapshot
  mapfile -t opts < <(hardened)
  snapshot=$(head -n 1 data/metrics-stream.jsonl)
  command -v "${KUBECTL:-kubectl}" >/dev/null || fail "${KUBECTL:-kubectl} not found: it renders the overlays"
  /usr/bin/python3 -c 'import yaml' 2>/dev/null || fail "Debian's python3 with yaml (python3-yaml) reads the rendered overlays"
  quiet "$ENGINE" network create "$net"
  for dir in k8s k8s/overlays/*/; do
    dir=${dir%/}
    [[ -f $dir/kustomization.yaml ]] || continue
    local work=$WORK/overlay-${dir//\//-} plan env=() mounts=() publishers=() notify='' line
    local redis_args=() redis_opts=() REDIS_READER='' REDIS_PASSWORDS=''
    mkdir -p "$work"
    case ${KUBECTL:-kubectl} in
      kustomize) kustomize build "$dir" >"$work/rendered.yaml" ;;
      *) "${KUBECTL:-kubectl}" kustomize "$dir" >"$work/rendered.yaml" ;;
    esac
    plan=$(/usr/bin/python3 - "$work" "$work/rendered.yaml" <<'PLAN'
# Reads the rendered objects; prints the runtime's environment (ENV) and volumes written under the work folder
# (MOUNT), the Redis's command (REDIS_ARG), volumes (REDIS_MOUNT, REDIS_TMPFS) and keyspace events (NOTIFY), whom
# to log in to Redis as (LOGIN user, the Redis's folder of passwords), its user (REDIS_USER) and each publisher's key, stream and instance
# output (PUBLISH). A Secret is a fresh password per key, the same in every pod that mounts it.
import os, secrets, sys, yaml
work = sys.argv[1]
docs = [d for d in yaml.safe_load_all(open(sys.argv[2])) if d]
maps = {d['metadata']['name']: d for d in docs if d.get('kind') == 'ConfigMap'}
pods = [d['spec']['template']['spec'] for d in docs if d.get('kind') in ('Deployment', 'DaemonSet', 'StatefulSet')]
secret_keys = {}
for pod in pods:
    for v in pod.get('volumes', []):
        if 'secret' in v:
            keys = secret_keys.setdefault(v['secret']['secretName'], set())
            keys.update(item['key'] for item in v['secret'].get('items', []))
passwords = {(name, key): secrets.token_hex(24) for name, keys in secret_keys.items() for key in keys}
def volumes_of(spec, c, tag):
    volumes = {v['name']: v for v in spec.get('volumes', [])}
    for m in c.get('volumeMounts', []):
        v = volumes.get(m['name'], {})
        host = os.path.join(work, tag + '-volume-' + m['name'])
        files = {}
        if 'configMap' in v and v['configMap']['name'] in maps:
            data = maps[v['configMap']['name']].get('data') or {}
            # items: only the keys named, each at its path (the course overlay's pyfile as usermodule.py)
            items = v['configMap'].get('items')
            files = {item['path']: data[item['key']] for item in items} if items else data
        elif 'secret' in v:
            name = v['secret']['secretName']
            items = v['secret'].get('items') or [{'key': k, 'path': k} for k in sorted(secret_keys.get(name, ()))]
            files = {item['path']: passwords[(name, item['key'])] for item in items}
        elif 'emptyDir' in v:
            yield 'TMPFS', m['mountPath'] + ':rw,mode=1777'
            continue
        else:
            continue
        os.makedirs(host, exist_ok=True)
        for k, value in files.items():
            open(os.path.join(host, k), 'w').write(value)
        yield 'MOUNT', host + ' ' + m['mountPath']
def containers(image):
    for d in docs:
        if d.get('kind') in ('Deployment', 'DaemonSet'):
            spec = d['spec']['template']['spec']
            for c in spec.get('containers', []):
                if c.get('image', '').split(':')[0].endswith(image):
                    yield spec, c
def env_of(c, node):
    env = {}
    for source in c.get('envFrom', []):
        ref = source.get('configMapRef')
        if ref and ref['name'] in maps:
            for k, v in (maps[ref['name']].get('data') or {}).items():
                env[source.get('prefix', '') + k] = str(v)
    for v in c.get('env', []):
        source = v.get('valueFrom') or {}
        if 'value' in v and v['value'] is not None:
            env[v['name']] = str(v['value'])
        elif 'configMapKeyRef' in source:
            ref = source['configMapKeyRef']
            value = (maps.get(ref['name'], {}).get('data') or {}).get(ref['key'])
            if value is not None:
                env[v['name']] = str(value)
        elif source.get('fieldRef', {}).get('fieldPath') == 'spec.nodeName':
            env[v['name']] = node
    return env
(spec, runtime), = containers('fnpulse/runtime')
renv = env_of(runtime, 'node-a')
for k, v in sorted(renv.items()):
    print('ENV', k + '=' + v)
for kind, value in volumes_of(spec, runtime, 'runtime'):
    if kind == 'MOUNT':
        print('MOUNT', value)
for rspec, c in containers('redis'):
    args = (c.get('command') or []) + (c.get('args') or [])
    if '--notify-keyspace-events' in args:
        print('NOTIFY', args[args.index('--notify-keyspace-events') + 1])
    if args and args[0] != 'redis-server' and not args[0].startswith('--'):
        for arg in args:
            print('REDIS_ARG', arg)
    for kind, value in volumes_of(rspec, c, 'redis'):
        print('REDIS_' + kind, value)
    context = {**rspec.get('securityContext', {}), **c.get('securityContext', {})}
    if 'runAsUser' in context:
        print('REDIS_USER', '%s:%s' % (context['runAsUser'], context.get('runAsGroup', context['runAsUser'])))
    rvolumes = {v['name']: v for v in rspec.get('volumes', [])}
    passwords_at = [m['mountPath'] for m in c.get('volumeMounts', []) if 'secret' in rvolumes.get(m['name'], {})]
    if 'REDIS_USERNAME' in renv and passwords_at:
        print('LOGIN', renv['REDIS_USERNAME'], passwords_at[0])
inputs, output = renv.get('REDIS_INPUT_KEY', 'metrics'), renv['REDIS_OUTPUT_KEY']
def instance_output(key):
    if '*' not in inputs:
        return output
    prefix, suffix = inputs.split('*')
    return output + ':' + key[len(prefix):len(key) - len(suffix)]
monitors = list(containers('fnpulse/monitor'))
seen = set()
for node in ('node-a', 'node-b'):
    if monitors:
        menv = env_of(monitors[0][1], node)
        key = menv.get('REDIS_METRICS_KEY', 'metrics').replace('{node}', node)
        stream = menv.get('REDIS_METRICS_STREAM', '-').replace('{node}', node)
    else:
        key, stream = inputs, '-'
    if key not in seen:
        seen.add(key)
        print('PUBLISH', key, stream, instance_output(key))
PLAN
) || fail "$dir: could not read the runtime's settings from the rendered objects"
    while IFS= read -r line; do
      case $line in
        'ENV '*) env+=(-e "${line#ENV }") ;;
        'MOUNT '*) read -r _ host path <<<"$line"; chmod -R a+rX "$host"; mounts+=(-v "$host:$path:ro") ;;
        'REDIS_ARG '*) redis_args+=("${line#REDIS_ARG }") ;;
        'REDIS_MOUNT '*) read -r _ host path <<<"$line"; chmod -R a+rX "$host"; redis_opts+=(-v "$host:$path:ro") ;;
        'REDIS_TMPFS '*) redis_opts+=(--tmpfs "${line#REDIS_TMPFS }") ;;
        'REDIS_USER '*) redis_opts+=(--user "${line#REDIS_USER }") ;;
        'LOGIN '*) read -r _ REDIS_READER REDIS_PASSWORDS <<<"$line" ;;
        'NOTIFY '*) notify=${line#NOTIFY } ;;
        'PUBLISH '*) publishers+=("${line#PUBLISH }") ;;
      esac
    done <<<"$plan"
    ((${#publishers[@]})) || fail "$dir: no publisher found for the runtime's input"

    STEP_CONTAINERS=("$redis" "$runtime")
    ((${#redis_args[@]})) || redis_args=(redis-server --notify-keyspace-events "$notify")
    quiet "$ENGINE" run -d --name "$redis" --label "$LABEL" --network "$net" --network-alias redis "${redis_opts[@]}" \
      "$REDIS" "${redis_args[@]}"
    wait_until "Redis of $dir" "$ENGINE" exec "$redis" redis-cli ping
    quiet "$ENGINE" run -d --name "$runtime" --label "$LABEL" --network "$net" "${opts[@]}" \
      --tmpfs /tmp:rw,noexec,size=256m "${env[@]}" -e REDIS_HOST=redis -e REDIS_PORT=6379 "${mounts[@]}" \
      "ghcr.io/fnpulse/runtime:$VERSION"
    local publisher key stream output
    for publisher in "${publishers[@]}"; do
      read -r key stream output <<<"$publisher"
      [[ $(redis_cli "$redis" "$REDIS_READER" SET "$key" "$snapshot" 2>&1) == OK ]] \
        || fail "$dir: Redis refused SET $key to ${REDIS_READER:-the default user}"
      if [[ $stream != - && $(redis_cli "$redis" "$REDIS_READER" XADD "$stream" '*' data "$snapshot" 2>&1) != *-* ]]; then
        fail "$dir: Redis refused XADD $stream to ${REDIS_READER:-the default user}"
      fi
    done
    for publisher in "${publishers[@]}"; do
      read -r key stream output <<<"$publisher"
      wait_until "$dir: the output for $key in $output" has_output "$redis" "$output"
    done
    wait_until "$dir: 200 from the runtime's /readyz" http_ok "$runtime" 8080 /readyz
    quiet "$ENGINE" stop -t 30 "$runtime"
    local code
    code=$("$ENGINE" inspect --format '{{.State.ExitCode}}' "$runtime")
    [[ $code == 0 ]] || fail "$dir: the runtime exited with $code on SIGTERM"
    ! log_has "$runtime" "Can't execute" || fail "$dir: a command ran on a subscribed connection"
    for publisher in "${publishers[@]}"; do
      read -r key stream output <<<"$publisher"
      [[ $(redis_cli "$redis" "$REDIS_READER" EXISTS "$output:lock") == 0 ]] || fail "$dir: $output:lock kept after SIGTERM"
    done
    say "$dir: $(grep -o 'TRIGGER=[a-z]*' <<<"${env[*]}" || echo TRIGGER=poll)${REDIS_READER:+ as $REDIS_READER}, ${#publishers[@]} instance(s): $(
      for publisher in "${publishers[@]}"; do read -r key stream output <<<"$publisher"; printf '%s -> %s; ' "${stream/#-/$key}" "$output"; done)exit 0"
    remove_containers "label=$LABEL" "name=$PREFIX-overlay-"
  done
  quiet "$ENGINE" network rm "$net"
}

# --------------------------------------------------------------------------------------------------------- compose

compose() {
  FNPULSE_PORT=${FNPULSE_PORT:-53014} FNPULSE_FUNCTION_DIR=$WORK/compose-function \
    FNPULSE_DASHBOARD_USERS=$WORK/dashboard-users.htpasswd \
    "${COMPOSE_CMD[@]}" -p "$PROJECT" -f docker/compose.yml "$@"
}
compose_container() {
  "$ENGINE" ps -q --filter "label=com.docker.compose.project=$PROJECT" --filter "label=com.docker.compose.service=$1" | sed -n 1p
}
healthy() { [[ $("$ENGINE" inspect --format '{{.State.Health.Status}}' "$1" 2>/dev/null) == healthy ]]; }

# podman 4.3 runs healthchecks from systemd timers; without systemd they never run, and depends_on:
# condition: service_healthy would wait forever. This runs them for this project's containers every 2 s.
health_ticker() {
  while :; do
    for c in $(podman ps -q --filter "label=com.docker.compose.project=$PROJECT" 2>/dev/null); do
      podman healthcheck run "$c" >/dev/null 2>&1 || true
    done
    sleep 2
  done
}

step_compose_up() {
  # The runtime's function folder: a copy, so that the edit below leaves the checkout alone.
  mkdir -p "$WORK/compose-function"
  cp function/src/main/java/io/fnpulse/function/MetricsFunction.java "$WORK/compose-function/"
  chmod -R a+rX "$WORK/compose-function"
  if [[ $ENGINE == podman ]]; then
    health_ticker &
    BACKGROUND+=($!)
  fi
  COMPOSE_UP=true
  # Build arguments (a mirror's base images) go to `compose build`: compose.yml passes none, as Compose v1 would
  # pass an unset one as empty. Without them, up --build builds with the Dockerfiles' defaults.
  local args=() name up=(up --build -d)
  for name in JDK_IMAGE JDK25_IMAGE BASE_IMAGE REDIS_IMAGE EXTRA_CA_CERT; do
    if [[ -n ${!name:-} ]]; then args+=(--build-arg "$name=${!name}"); fi
  done
  if ((${#args[@]})); then
    say "${COMPOSE_CMD[*]} build with --build-arg for: $(printf '%s\n' "${args[@]}" | sed -n 's/=.*//p' | tr '\n' ' ')"
    if ! compose build "${args[@]}" >"$WORK/compose-build.log" 2>&1; then
      tail -n 30 "$WORK/compose-build.log" | sed 's/^/   | /'
      fail "${COMPOSE_CMD[*]} build"
    fi
    up=(up -d)
  fi
  if ! compose "${up[@]}" >"$WORK/compose-up.log" 2>&1; then
    tail -n 30 "$WORK/compose-up.log" | sed 's/^/   | /'
    fail "${COMPOSE_CMD[*]} ${up[*]}"
  fi
  local steps cached
  steps=$(tr '\r' '\n' <"$WORK/compose-up.log" | grep 'STEP [0-9]*/[0-9]*: ' | grep -vc ': FROM ' || true)
  cached=$(tr '\r' '\n' <"$WORK/compose-up.log" | grep -c 'Using cache' || true)
  if ((steps)); then say "build: $steps steps, $cached from the layer cache"; fi
  local service id
  for service in redis monitor runtime dashboard; do
    wait_until "compose service $service" compose_container "$service"
    id=$(compose_container "$service")
    STEP_CONTAINERS+=("$id")
  done
  say "up: $("$ENGINE" ps -q --filter "label=com.docker.compose.project=$PROJECT" | wc -l | tr -d ' ') containers of project $PROJECT"
}

step_compose_healthy() {
  local service id
  for service in redis monitor runtime dashboard; do STEP_CONTAINERS+=("$(compose_container "$service")"); done
  for service in redis monitor runtime dashboard; do
    id=$(compose_container "$service")
    wait_until "healthy $service (its Compose healthcheck)" healthy "$id"
  done
  say "redis, monitor, runtime, dashboard: healthy"
  id=$(compose_container dashboard)
  wait_until "sample at the dashboard's /api/latest" has_sample "$id" 53004
  say "dashboard: /api/latest has a sample"
}

reloaded() { (($(log_count "$1" ', replacing ') > RELOADS_BEFORE)); }

step_compose_reload() {
  local runtime
  runtime=$(compose_container runtime)
  STEP_CONTAINERS=("$runtime")
  wait_until "first load of the function in the runtime's log" log_has "$runtime" 'LiveFunction - loaded '
  RELOADS_BEFORE=$(log_count "$runtime" ', replacing ')
  printf '\n// edited by docker/smoke-test.sh at %s\n' "$(date -u +%FT%TZ)" >>"$WORK/compose-function/MetricsFunction.java"
  wait_until "reload of the edited function in the runtime's log" reloaded "$runtime"
  say "runtime: $("$ENGINE" logs "$runtime" 2>&1 | grep ', replacing ' | tail -n 1 | sed 's/^.*LiveFunction - //')"
}

step_compose_down() {
  compose down -v -t 20 >"$WORK/compose-down.log" 2>&1 || { tail -n 20 "$WORK/compose-down.log"; fail "compose down"; }
  COMPOSE_UP=false
  local left
  left=$("$ENGINE" ps -aq --filter "label=com.docker.compose.project=$PROJECT")
  [[ -z $left ]] || fail "containers left after compose down: $left"
  if "$ENGINE" network inspect "${PROJECT}_default" >/dev/null 2>&1; then
    quiet "$ENGINE" network rm "${PROJECT}_default"
    say "no container of project $PROJECT left; removed the network ${PROJECT}_default that compose down left"
  else
    say "no container or network of project $PROJECT left"
  fi
}

# ------------------------------------------------------------------------------------------------------------ kube

# The standalone overlay as `podman kube play` (4.3) can run it: a distinct host port for each container (kube play
# publishes every containerPort on the host) and an emptyDir of its own for each pod's /tmp (kube play makes one
# named volume of each emptyDir name, shared by every pod). The overlay is referenced by a relative path, as
# kustomize wants.
# kube_render [OVERLAY OUTPUT SPEC...]: renders OVERLAY (k8s/overlays/standalone) into OUTPUT ($WORK/kube.yaml),
# labelled, with each Deployment of SPEC (name:containerPort:hostPort) given its host port and a /tmp of its own.
kube_render() {
  local overlay=${1:-k8s/overlays/standalone} output=${2:-$WORK/kube.yaml}
  local specs=("${@:3}")
  ((${#specs[@]})) || specs=(runtime:8080:38080 monitor:8080:38081 dashboard:53004:38004 redis:6379:36379)
  local dir=$WORK/kube-${overlay//\//-} parents=
  mkdir -p "$dir"
  local depth=${dir//[^\/]/}
  for ((i = 0; i < ${#depth}; i++)); do parents+=../; done
  {
    printf '%s\n' 'apiVersion: kustomize.config.k8s.io/v1beta1' 'kind: Kustomization' 'resources:' \
      "  - ${parents}${REPO#/}/$overlay" 'labels:' '  - pairs:' "      ${LABEL%=*}: \"${LABEL#*=}\"" \
      '    includeTemplates: true' 'patches:'
    local spec name port host
    for spec in "${specs[@]}"; do
      IFS=: read -r name port host <<<"$spec"
      printf '%s\n' '  - patch: |-' '      apiVersion: apps/v1' '      kind: Deployment' "      metadata: {name: $name}" \
        "      spec: {template: {spec: {containers: [{name: $name, ports: [{containerPort: $port, hostPort: $host}]}]}}}"
      if [[ $name != redis ]]; then
        printf '%s\n' '  - patch: |-' '      apiVersion: apps/v1' '      kind: Deployment' "      metadata: {name: $name}" \
          "      spec: {template: {spec: {containers: [{name: $name, volumeMounts: [{mountPath: /tmp, name: $PREFIX-$name-tmp}]}]," \
          "        volumes: [{name: tmp, \$patch: delete}, {name: $PREFIX-$name-tmp, emptyDir: {}}]}}}"
      fi
    done
    if [[ $overlay == k8s/overlays/standalone ]]; then kube_secret_patches; fi
  } >"$dir/kustomization.yaml"
  if [[ $overlay == k8s/overlays/standalone ]]; then kube_secrets; fi
  case ${KUBECTL:-kubectl} in
    kustomize) kustomize build "$dir" >"$output" ;;
    *) "${KUBECTL:-kubectl}" kustomize "$dir" >"$output" ;;
  esac
}

# Splits the rendered YAML in two: the redis Deployment with its ConfigMap redis-users (played first, so that its name
# resolves when the others start) and everything else.
kube_split() {
  local doc='' out
  : >"$WORK/kube-redis.yaml"
  : >"$WORK/kube-rest.yaml"
  flush() {
    [[ -n $doc ]] || return 0
    if grep -q '^kind: Deployment$' <<<"$doc" && grep -q '^  name: redis$' <<<"$doc"; then out=$WORK/kube-redis.yaml
    elif grep -q '^kind: ConfigMap$' <<<"$doc" && grep -q '^  name: redis-users$' <<<"$doc"; then out=$WORK/kube-redis.yaml  # its ACL rules
    else out=$WORK/kube-rest.yaml; fi
    printf -- '---\n%s' "$doc" >>"$out"
    doc=''
  }
  while IFS= read -r line || [[ -n $line ]]; do
    if [[ $line == --- ]]; then flush; else doc+="$line"$'\n'; fi
  done <"$WORK/kube.yaml"
  flush
  [[ -s $WORK/kube-redis.yaml ]] || fail "no Deployment redis in the rendered overlay"
}

# Brings down what kube play started, the containers run beside its pods, the volumes it made that were not there
# before (ConfigMap volumes, copied once as plain files, and emptyDirs outlive kube down) and the pods' network.
kube_down() {
  local i volume
  for ((i = ${#KUBE_PLAYED[@]} - 1; i >= 0; i--)); do podman kube down "${KUBE_PLAYED[i]}" >/dev/null 2>&1 || true; done
  KUBE_PLAYED=()
  remove_containers "label=$LABEL" "name=$PREFIX-course-" || true
  for volume in function pyfile runtime-improved data redis-users redis-acl "$PREFIX-runtime-tmp" "$PREFIX-monitor-tmp" \
    "$PREFIX-dashboard-tmp"; do
    if [[ -f $WORK/volumes-before ]] && grep -qx "$volume" "$WORK/volumes-before"; then continue; fi
    podman volume rm -f "$volume" >/dev/null 2>&1 || true
  done
  podman network rm "$KUBE_NET" >/dev/null 2>&1 || true
  KUBE_UP=false
}

pod_container() { podman ps -q --filter "label=$LABEL" --filter "pod=$1-pod-0" --filter "name=$1-pod-0-$1" | sed -n 1p; }
pods_running() {
  local pod
  for pod in redis runtime monitor dashboard; do
    [[ $(podman pod inspect --format '{{.State}}' "$pod-pod-0" 2>/dev/null) == Running ]] || return 1
  done
}

step_kube_render() {
  command -v "${KUBECTL:-kubectl}" >/dev/null || fail "${KUBECTL:-kubectl} not found: it renders k8s/overlays/standalone"
  kube_render
  kube_split
  say "k8s/overlays/standalone: $(grep -c '^kind:' "$WORK/kube.yaml") objects ($(grep '^kind:' "$WORK/kube.yaml" | sort | uniq -c | awk '{printf "%s%s %s", sep, $1, $3; sep=", "}'))"
}

step_kube_play() {
  podman volume ls -q >"$WORK/volumes-before"
  quiet podman network create "$KUBE_NET"
  KUBE_UP=true
  KUBE_PLAYED=("$WORK/kube-redis.yaml" "$WORK/kube-rest.yaml")
  podman kube play --network "$KUBE_NET" "$WORK/kube-redis.yaml" >"$WORK/kube-play.log" 2>&1 || { cat "$WORK/kube-play.log"; fail "podman kube play (redis)"; }
  # kube play ignores Services: the name `redis` is given to the redis pod's network namespace instead.
  local infra
  infra=$(podman pod inspect --format '{{.InfraContainerID}}' redis-pod-0)
  quiet podman network disconnect "$KUBE_NET" "$infra"
  quiet podman network connect --alias redis "$KUBE_NET" "$infra"
  podman kube play --network "$KUBE_NET" "$WORK/kube-rest.yaml" >>"$WORK/kube-play.log" 2>&1 || { cat "$WORK/kube-play.log"; fail "podman kube play"; }
  local pod
  for pod in redis runtime monitor dashboard; do STEP_CONTAINERS+=("$pod-pod-0-$pod"); done
  wait_until "all four pods running" pods_running
  say "pods: $(podman pod ps --filter "label=$LABEL" --format '{{.Name}} {{.Status}}' | sort | tr '\n' ' ')"
}

step_kube_output() {
  local pod
  for pod in redis runtime monitor dashboard; do STEP_CONTAINERS+=("$pod-pod-0-$pod"); done
  wait_until "output of the metrics function in Redis (metrics-output)" has_output redis-pod-0-redis metrics-output
  say "runtime: metrics-output = $(redis_get redis-pod-0-redis metrics-output | cut -c1-110)..."
  wait_until "sample at the dashboard's /api/latest" has_sample dashboard-pod-0-dashboard 53004
  say "dashboard: /api/latest has a sample"
  pods_running || fail "a pod stopped: $(podman pod ps --filter "label=$LABEL" --format '{{.Name}} {{.Status}}' | tr '\n' ' ')"
}

step_kube_down() {
  kube_down
  local left
  left=$(podman pod ps -q --filter "label=$LABEL")
  [[ -z $left ]] || fail "pods left after podman kube down: $left"
  say "no pod left; the ConfigMap and emptyDir volumes kube play made are removed"
}

# ------------------------------------------------------------------------------------- users, sign-in and SBOMs

# Compose and the standalone overlay run with Redis's ACL users and the dashboard's sign-in on, as shipped.
# AUTH: the Authorization header the http helper sends (empty: none). REDIS_READER, REDIS_PASSWORDS: the Redis user
# redis_get logs in as, and where the Redis container keeps the passwords (PASSWORDS/USER or PASSWORDS/USER/password).
AUTH=
CRLF=$'\r\n'
REDIS_READER=
REDIS_PASSWORDS=
SIGN_IN_USER=smoke
SIGN_IN_PASSWORD=

# redis_cli CONTAINER USER ARGS...: redis-cli in the Redis container, logged in as USER (none: the default user).
redis_cli() {
  local container=$1 user=$2
  shift 2
  if [[ -z $user ]]; then "$ENGINE" exec "$container" redis-cli "$@"; return; fi
  # shellcheck disable=SC2016  # expanded by the container's sh
  "$ENGINE" exec "$container" sh -c 'f=$1/$2; [ -d "$f" ] && f=$f/password
    u=$2; shift 2; exec redis-cli --no-auth-warning --user "$u" --pass "$(cat "$f")" "$@"' redis-cli "$REDIS_PASSWORDS" "$user" "$@"
}

# refused CONTAINER USER ARGS...: Redis answers NOPERM (or NOAUTH) to USER's command.
refused() { redis_cli "$@" 2>&1 | grep -e NOPERM -e NOAUTH -e "can't run" >/dev/null; }

# The htpasswd file the dashboard's sign-in reads (Compose: FNPULSE_DASHBOARD_USERS; the overlay: its Secret).
step_sign_in() {
  command -v htpasswd >/dev/null || fail "htpasswd not found (Debian's apache2-utils): Compose and the overlay run with the dashboard's sign-in on"
  SIGN_IN_PASSWORD=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
  htpasswd -bcB "$WORK/dashboard-users.htpasswd" "$SIGN_IN_USER" "$SIGN_IN_PASSWORD" >/dev/null 2>&1
  chmod 644 "$WORK/dashboard-users.htpasswd"
  AUTH="Basic $(printf '%s:%s' "$SIGN_IN_USER" "$SIGN_IN_PASSWORD" | base64 | tr -d '\n')"
  say "dashboard sign-in: user $SIGN_IN_USER in $WORK/dashboard-users.htpasswd ($(cut -c1-10 "$WORK/dashboard-users.htpasswd")...)"
}

# Each image carries its SBOM and its jar's, both CycloneDX JSON naming what is in them.
step_sboms() {
  local service id
  for service in "${SERVICES[@]}"; do
    id=$("$ENGINE" create "ghcr.io/fnpulse/$service:$VERSION")
    rm -rf "$WORK/sbom-$service"
    quiet "$ENGINE" cp "$id:/app/sbom" "$WORK/sbom-$service" || { "$ENGINE" rm "$id" >/dev/null; fail "$service: no /app/sbom"; }
    "$ENGINE" rm "$id" >/dev/null
    /usr/bin/env python3 - "$WORK/sbom-$service" "$service" <<'PY' || fail "$service: /app/sbom is not what it should be"
import json, sys
folder, service = sys.argv[1], sys.argv[2]
image = json.load(open(folder + "/image.cdx.json"))
jar = json.load(open(folder + "/fnpulse-" + service + ".cdx.json"))
names = {c["name"] for c in image["components"]}
assert image["bomFormat"] == jar["bomFormat"] == "CycloneDX", "not CycloneDX"
assert image["metadata"]["component"]["type"] == "container", "the image is not the SBOM's subject"
assert {"fnpulse-" + service, "java-runtime", "libc6", "fnpulse-service"} <= names, sorted(names)
assert {c["name"] for c in jar["components"]} <= names, "the image SBOM lacks some of the jar's components"
print("   %s: %d components (%d of the jar, %d Debian packages)" % (service, len(names), len(jar["components"]),
      sum(1 for c in image["components"] if c.get("purl", "").startswith("pkg:deb/"))))
PY
  done
}

# Redis users as the overlay and Compose run them: each service's own works (the outputs above), the others' are
# refused; the dashboard answers only after sign-in.
check_users() {
  local redis=$1 dashboard=$2
  refused "$redis" "" GET metrics-output || fail "the default user read metrics-output"
  refused "$redis" fnpulse-dashboard SET metrics-output '{}' || fail "fnpulse-dashboard could SET the output key"
  refused "$redis" fnpulse-monitor GET metrics-output || fail "fnpulse-monitor could read the output key"
  refused "$redis" fnpulse-runtime SET other-key x || fail "fnpulse-runtime could write a key outside its own"
  say "redis: default, dashboard, monitor and runtime users refused what they must not do"
  local open
  open=$(AUTH='' http "$dashboard" 53004 /api/latest | sed -n 1p)
  [[ $open == *' 401 '* ]] || fail "the dashboard answered /api/latest without sign-in: $open"
  http_ok "$dashboard" 53004 /api/latest || fail "the dashboard refused the signed-in /api/latest"
  AUTH='' http_ok "$dashboard" 53004 /healthz || fail "/healthz is not open"
  say "dashboard: /api/latest 401 without sign-in, 200 with it; /healthz open"
}

step_compose_users() {
  local redis dashboard
  redis=$(compose_container redis)
  dashboard=$(compose_container dashboard)
  STEP_CONTAINERS=("$redis" "$dashboard")
  (($(log_count "$redis" 'redis-users.sh: 4 users') > 0)) || fail "Redis did not start with the four ACL users"
  check_users "$redis" "$dashboard"
}

# podman kube play 4.3 mounts no Secret volume: the overlay's Secrets become host folders here, one file per key.
# k8s/overlays/course with podman kube play, as the course deploys it: its runtime runs the Python function of the
# ConfigMap pyfile (mounted as /opt/function/usermodule.py) against the course's Redis -- a plain redis-server named
# redis on the pods' network, no ACL users, as the base expects -- and its dashboard shows the output.
step_kube_course() {
  local rendered=$WORK/kube-course.yaml redis=$PREFIX-course-redis snapshot
  snapshot=$(head -n 1 data/metrics-stream.jsonl)
  kube_render k8s/overlays/course "$rendered" runtime:8080:38090 dashboard:53004:38014
  podman volume ls -q >"$WORK/volumes-before"
  quiet podman network create "$KUBE_NET"
  KUBE_UP=true
  KUBE_PLAYED=("$rendered")
  STEP_CONTAINERS=("$redis")
  quiet podman run -d --name "$redis" --label "$LABEL" --network "$KUBE_NET" --network-alias redis "$REDIS" redis-server
  wait_until "the course's Redis" podman exec "$redis" redis-cli ping
  podman kube play --network "$KUBE_NET" "$rendered" >"$WORK/kube-course.log" 2>&1 \
    || { cat "$WORK/kube-course.log"; fail "podman kube play k8s/overlays/course"; }
  STEP_CONTAINERS+=(runtime-pod-0-runtime dashboard-pod-0-dashboard)
  quiet podman exec "$redis" redis-cli SET metrics "$snapshot"
  wait_until "output of the Python metrics function (metrics-output)" has_output "$redis" metrics-output
  log_has runtime-pod-0-runtime "loaded .*usermodule.py.*Python" || fail "the runtime's log does not name the course's usermodule.py"
  say "runtime (Python, usermodule.py from the ConfigMap pyfile): metrics-output = $(redis_get "$redis" metrics-output | cut -c1-80)..."
  wait_until "sample at the dashboard's /api/latest" has_sample dashboard-pod-0-dashboard 53004
  say "dashboard: /api/latest has a sample"
  kube_down
  say "pods and the volumes kube play made removed"
}

kube_secrets() {
  local dir=$WORK/kube-secrets user
  mkdir -p "$dir/fnpulse-redis-users" "$dir/fnpulse-dashboard-users"
  for user in fnpulse-runtime fnpulse-dashboard fnpulse-monitor; do
    od -An -N24 -tx1 /dev/urandom | tr -d ' \n' >"$dir/fnpulse-redis-users/$user"
  done
  cp "$WORK/dashboard-users.htpasswd" "$dir/fnpulse-dashboard-users/htpasswd"
  chmod -R a+rX "$dir"
}

# kube_secret_patches: the kustomization patches that swap each Secret volume for its host folder.
kube_secret_patches() {
  local spec name volume secret
  for spec in runtime:redis-password:fnpulse-redis-users monitor:redis-password:fnpulse-redis-users \
    dashboard:redis-password:fnpulse-redis-users dashboard:dashboard-users:fnpulse-dashboard-users \
    redis:redis-passwords:fnpulse-redis-users; do
    IFS=: read -r name volume secret <<<"$spec"
    printf '%s\n' '  - patch: |-' '      apiVersion: apps/v1' '      kind: Deployment' "      metadata: {name: $name}" \
      "      spec: {template: {spec: {volumes: [{name: $volume, secret: null, hostPath: {path: $WORK/kube-secrets/$secret, type: Directory}}]}}}"
  done
}

step_kube_users() {
  STEP_CONTAINERS=(redis-pod-0-redis dashboard-pod-0-dashboard)
  (($(log_count redis-pod-0-redis 'redis-users.sh: 4 users') > 0)) || fail "Redis did not start with the four ACL users"
  check_users redis-pod-0-redis dashboard-pod-0-dashboard
}

# ------------------------------------------------------------------------------------------------------------ main

T_START=$(now_ms)
ENGINE=${CONTAINER_ENGINE:-docker}
step engine step_engine
step "build runtime" step_build_runtime
step "build monitor" step_build_monitor
step "build dashboard" step_build_dashboard
step "image sizes" step_sizes
step "cds archives" step_cds
step "aot caches" step_aot
step "sboms" step_sboms
step "run hardened" step_run
step "overlay runtimes" smoke_overlay_runtimes
step "sign-in file" step_sign_in
REDIS_READER=fnpulse-dashboard REDIS_PASSWORDS=/run/fnpulse-passwords
step "compose up --build" step_compose_up
step "compose healthy" step_compose_healthy
step "compose users" step_compose_users
step "compose reload" step_compose_reload
step "compose down" step_compose_down
if $KUBE; then
  step "kube render" step_kube_render
  step "kube play" step_kube_play
  REDIS_PASSWORDS=/run/secrets/fnpulse-redis-users
  step "kube output" step_kube_output
  step "kube users" step_kube_users
  step "kube down" step_kube_down
  REDIS_READER='' REDIS_PASSWORDS=''
  step "kube course" step_kube_course
fi
STEP=finished
printf '\nsmoke-test.sh: all steps passed in %s s (%s%s)\n' "$(seconds_since "$T_START")" "$ENGINE, ${COMPOSE_CMD[*]}" \
  "$($KUBE && echo ', podman kube play')"
printf '   %s\n' "${SUMMARY[@]}"
