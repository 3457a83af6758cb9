#!/bin/bash
# Assembles the root file system of an image that runs a jlinked JRE, from the base image this runs in (BASE_IMAGE,
# debian:bookworm-slim by default): the JRE, the shared libraries it links against as they resolve here (ldd), glibc's
# own libraries (some are dlopened, or needed by native code unpacked at run time, such as JNA's), the C.UTF-8 locale,
# bash as /bin/sh (for RUN in the image's own Dockerfile stage and for Compose health checks), and /etc/passwd and
# /etc/group naming uid 10001 (fnpulse, home /tmp). Nothing else: no package manager, no coreutils, no perl.
# The final stage copies the result onto an empty image (FROM scratch).
#
# Usage: jre-rootfs.sh <rootfs> [soname...]      with the JRE already in <rootfs>/opt/jre (and whatever else)
#   soname: a further library the service loads at run time that ldd cannot see (e.g. libudev.so.1, for OSHI)
set -euo pipefail
root=$1
shift
jre=$root/opt/jre
[[ -x $jre/bin/java ]] || { echo "jre-rootfs.sh: no JRE in $jre" >&2; exit 1; }

# keep PATH: copies PATH into the rootfs at the same place, with every symlink on the way to the file it names.
keep() {
  local path=$1 target
  while [[ -L $path ]]; do
    cp -a --parents "$path" "$root"
    target=$(readlink "$path")
    [[ $target == /* ]] || target=$(dirname "$path")/$target
    path=$(realpath -s -m "$target")
  done
  cp -a --parents "$path" "$root"
}

# lib SONAME: where the dynamic loader finds a library here.
lib() {
  local found
  found=$(ldconfig -p | awk -v name="$1" '$1 == name && $NF ~ /^\// { print $NF; exit }')
  [[ -n $found ]] || { echo "jre-rootfs.sh: $1 is not in this base image" >&2; return 1; }
  echo "$found"
}

# The merged-/usr links of the base (bin -> usr/bin, lib -> usr/lib, ...), so that paths resolve as they do here.
for link in bin sbin lib lib32 lib64 libx32; do
  if [[ -L /$link ]]; then
    mkdir -p "$root/$(readlink "/$link")"
    ln -s "$(readlink "/$link")" "$root/$link"
  fi
done

# Every library an ELF file of the JRE (or of what was put in <rootfs> before, such as the runtime's Python: its
# interpreter and extension modules) links against, outside the JRE. A library that needs one the base lacks (the
# AWT's X11, sound and font libraries) could never load here: it is removed (a headless JVM never tries).
declare -A needed=()
removed=()
while IFS= read -r -d '' file; do
  if ! head -c 4 "$file" | grep -q $'\x7fELF'; then continue; fi
  lacking=()
  while read -r name arrow path _; do
    if [[ $arrow == '=>' && $path == /* && $path != "$jre"/* ]]; then needed[$path]=1
    elif [[ $arrow == '=>' && $path == not ]]; then lacking+=("$name")
    elif [[ $name == /* && $arrow != '=>' ]]; then needed[$name]=1   # the dynamic loader
    fi
  done < <(LD_LIBRARY_PATH=$jre/lib:$jre/lib/server ldd "$file" 2>/dev/null || true)
  if ((${#lacking[@]})); then
    [[ $file == *.so ]] || { echo "jre-rootfs.sh: ${file#"$root"/} needs ${lacking[*]}, not in this base image" >&2; exit 1; }
    rm "$file"
    removed+=("$(basename "$file") (${lacking[*]})")
  fi
done < <(find "$root" -type f \( -name '*.so' -o -path "$jre/bin/*" -o -path "$root/usr/bin/*" \) -print0)

for soname in libc.so.6 libm.so.6 libdl.so.2 libpthread.so.0 librt.so.1 "$@"; do
  needed[$(lib "$soname")]=1
done
needed[$(command -v bash)]=1
while read -r name arrow path _; do
  if [[ $arrow == '=>' && $path == /* ]]; then needed[$path]=1; fi
done < <(ldd "$(command -v bash)")

for path in "${!needed[@]}"; do keep "$path"; done
ln -s bash "$root/$(dirname "$(command -v bash)")/sh"
if [[ ! -e $root/bin/sh ]]; then mkdir -p "$root/bin" && ln -s "$(command -v bash)" "$root/bin/sh"; fi

# OSHI (the monitor) names the distribution from it, and warns without it.
if [[ -e /etc/os-release ]]; then keep /etc/os-release; fi
# Java's file.encoding and sun.jnu.encoding follow the locale: C.UTF-8 (LANG in the Dockerfile), not ASCII.
if [[ -d /usr/lib/locale/C.utf8 ]]; then keep /usr/lib/locale/C.utf8; fi

mkdir -p "$root/etc" "$root/tmp" "$root/app"
chmod 1777 "$root/tmp"
printf '%s\n' 'root:x:0:0:root:/root:/usr/sbin/nologin' 'fnpulse:x:10001:10001:fnpulse:/tmp:/usr/sbin/nologin' \
  'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin' >"$root/etc/passwd"
printf '%s\n' 'root:x:0:' 'fnpulse:x:10001:' 'nogroup:x:65534:' >"$root/etc/group"
printf '%s\n' 'passwd: files' 'group: files' 'hosts: files dns' >"$root/etc/nsswitch.conf"
ldconfig -r "$root"

echo "jre-rootfs.sh: $(du -sh --exclude=opt "$root" | cut -f1) besides the JRE ($(du -sh "$jre" | cut -f1)):" \
  "${#needed[@]} files: $(printf '%s\n' "${!needed[@]}" | xargs -n1 basename | sort | tr '\n' ' ')"
if ((${#removed[@]})); then
  echo "jre-rootfs.sh: removed from the JRE, as they need libraries this base image lacks: ${removed[*]}"
fi
