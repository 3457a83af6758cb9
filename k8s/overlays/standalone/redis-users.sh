#!/bin/sh
# Starts Redis with fnpulse's ACL users. Writes the ACL file Redis loads from redis-users.acl (the rules, no
# passwords): comments dropped, an indented line joined to the user above it, and "#<SHA-256 of the password>" added
# to every user that is not nopass; then runs redis-server with --aclfile and the rest of the arguments.
#
#   redis-users.sh [--generate] RULES PASSWORDS ACLFILE [redis-server options...]
#
# The password of user U is the file PASSWORDS/U (a Kubernetes Secret mounted as a folder, one key per user), or
# PASSWORDS/U/password where PASSWORDS/U is a folder (docker/compose.yml: one volume per service).
# --generate (Compose): a user with no password gets one (24 random bytes as hex) in PASSWORDS/U/password, readable
# by uid 10001 only, the services' user; a restart keeps it. Without it (Kubernetes), a missing password stops Redis
# with one line naming the Secret and the command that creates it.
# Needs only sh, awk, od, tr, sha256sum: the redis images have them.
set -eu

generate=false
if [ "${1:-}" = --generate ]; then
  generate=true
  shift
fi
if [ $# -lt 3 ]; then
  echo "usage: redis-users.sh [--generate] RULES PASSWORDS ACLFILE [redis-server options...]" >&2
  exit 2
fi
rules=$1 passwords=$2 aclfile=$3
shift 3
umask 077

users=$aclfile.users
awk '
  /^[ \t]*(#|$)/ { next }
  /^[ \t]/ { sub(/^[ \t]+/, ""); line = line " " $0; next }
  { if (line != "") print line; line = $0 }
  END { if (line != "") print line }
' "$rules" | tr -s ' \t' '  ' >"$users"

missing=
: >"$aclfile.tmp"
while IFS= read -r line; do
  name=$(printf "%s\n" "$line" | awk '{ print $2 }')
  case " $line " in
    *" nopass "*) printf "%s\n" "$line" >>"$aclfile.tmp"; continue ;;
  esac
  file=$passwords/$name
  if [ -d "$file" ]; then file=$file/password; fi
  if [ ! -s "$file" ] && $generate; then
    mkdir -p "$passwords/$name"
    file=$passwords/$name/password
    od -An -N24 -tx1 /dev/urandom | tr -d ' \n' >"$file"
    if [ "$(id -u)" = 0 ]; then chown 10001:10001 "$passwords/$name" "$file"; fi
    chmod 0500 "$passwords/$name"
    chmod 0400 "$file"
    echo "redis-users.sh: generated a password for $name"
  fi
  if [ ! -s "$file" ]; then
    missing="$missing $name"
    continue
  fi
  # The password as the service reads it (REDIS_PASSWORD_FILE): without one trailing line break.
  hash=$(awk 'NR > 1 { printf "\n" } { printf "%s", $0 }' "$file" | sed 's/\r$//' | sha256sum | awk '{ print $1 }')
  printf "%s #%s\n" "$line" "$hash" >>"$aclfile.tmp"
done <"$users"
rm -f "$users"

if [ -n "$missing" ]; then
  echo "redis-users.sh: no password for the Redis user(s)$missing in $passwords: create the Secret fnpulse-redis-users" \
    "with one key per user (docs/deploy.md, \"Redis users\"):" \
    "kubectl create secret generic fnpulse-redis-users \$(for u in runtime dashboard monitor; do" \
    "echo --from-literal=fnpulse-\$u=\$(openssl rand -hex 24); done)" >&2
  rm -f "$aclfile.tmp"
  exit 1
fi
mv "$aclfile.tmp" "$aclfile"
echo "redis-users.sh: $(grep -c '^user ' "$aclfile") users in $aclfile"

# The image's entrypoint where it has one: as root it hands /data to the redis user and steps down to it.
if command -v docker-entrypoint.sh >/dev/null 2>&1; then
  exec docker-entrypoint.sh redis-server --aclfile "$aclfile" "$@"
fi
exec redis-server --aclfile "$aclfile" "$@"
