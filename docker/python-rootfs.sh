#!/bin/bash
# Puts Debian's CPython into the root file system of the runtime image, for Python functions (their worker process):
# the interpreter as /usr/bin/python3 (PYTHON's default), its standard library less what a function's worker has no use
# for, and the time zones (/usr/share/zoneinfo: a function's env may keep datetimes with a zoneinfo.ZoneInfo).
# Run it in the rootfs stage, after apt-get installed python3.11-minimal and libpython3.11-stdlib, and before
# jre-rootfs.sh, which adds the shared libraries every ELF file in the rootfs links against (ldd) -- those of the
# interpreter and of the extension modules kept here.
#
# Left out, to keep the image small (docker/smoke-test.sh, SIZE_LIMITS; docs/deploy.md, image sizes): the test suite, IDLE, tkinter,
# lib2to3, distutils, ensurepip, pydoc's topics, the build configuration, and the extension modules that pull in a
# library of their own -- ssl and hashlib's OpenSSL (libssl, libcrypto: hashlib keeps its built-in md5, sha1, sha2,
# sha3 and blake2), sqlite3, dbm, curses, readline, nis. A function that imports one of them gets ModuleNotFoundError,
# in its load error.
#
# Usage: python-rootfs.sh <rootfs>
set -euo pipefail
root=$1
python=$(readlink -f /usr/bin/python3.11)
[[ -x $python ]] || { echo "python-rootfs.sh: no /usr/bin/python3.11 (apt-get install python3.11-minimal)" >&2; exit 1; }
stdlib=/usr/lib/python3.11
[[ -f $stdlib/json/__init__.py ]] || { echo "python-rootfs.sh: no standard library in $stdlib (apt-get install libpython3.11-stdlib)" >&2; exit 1; }

mkdir -p "$root/usr/bin" "$root/usr/lib" "$root/usr/share"
cp -a "$python" "$root/usr/bin/python3.11"
ln -sf python3.11 "$root/usr/bin/python3"

# The pure-Python standard library goes into /usr/lib/python311.zip, the first entry of the interpreter's sys.path:
# each module compiled only (unchecked hash-based .pyc: the root file system is read-only, so nothing could be
# compiled at run time), deflated: 4.1 MiB, where the sources too took 6.4 MiB. A traceback through the standard library
# names its files and lines without showing them; the function's own lines are shown. The directory keeps the extension modules
# (lib-dynload) and os.py, the landmark by which the interpreter finds its prefix.
lib=$root/usr/lib/python3.11
mkdir -p "$lib"
cp -a "$stdlib/lib-dynload" "$stdlib/os.py" "$lib/"
for module in _ssl _hashlib _sqlite3 _dbm _gdbm _curses _curses_panel readline nis _test xx _ctypes_test ossaudiodev; do
  rm -f "$lib"/lib-dynload/"$module"*.so
done
python3.11 -I - "$stdlib" "$root/usr/lib/python311.zip" <<'PY'
import importlib.util, os, sys, zipfile
from importlib._bootstrap_external import _code_to_hash_pyc

stdlib, archive = sys.argv[1], sys.argv[2]
left_out = {"test", "idlelib", "tkinter", "turtledemo", "lib2to3", "distutils", "ensurepip", "pydoc_data",
            "sqlite3", "dbm", "curses", "lib-dynload", "site-packages", "dist-packages", "__pycache__"}
with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zip:
    for folder, dirs, files in os.walk(stdlib):
        dirs[:] = sorted(d for d in dirs if d not in left_out and not d.startswith("config-"))
        for name in sorted(files):
            if not name.endswith(".py") or name == "sitecustomize.py":  # it links to /etc/python3.11
                continue
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, stdlib)
            source = open(path, "rb").read()
            code = compile(source, "/usr/lib/python311.zip/" + relative, "exec", dont_inherit=True)
            zip.writestr(relative + "c", _code_to_hash_pyc(code, importlib.util.source_hash(source), checked=False))
PY

cp -a --parents /usr/share/zoneinfo "$root"
rm -rf "$root"/usr/share/zoneinfo/{right,posix}

echo "python-rootfs.sh: $("$python" --version): $(du -sh "$root/usr/lib/python311.zip" | cut -f1) (python311.zip)" \
  "+ $(du -sh "$lib" | cut -f1) (extension modules) +" \
  "$(du -sh "$root/usr/share/zoneinfo" | cut -f1) (time zones)"
