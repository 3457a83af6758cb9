#!/bin/bash
# Writes the CycloneDX SBOM of an fnpulse image: the image itself, the service jar with every library it bundles
# (the components of the jar's own SBOM, made by the build: cyclonedx-maven-plugin), the jlinked JRE (its release
# file: version, vendor, modules) and each Debian package of the base image that a file of the image comes from (the
# few jre-rootfs.sh keeps). Run in the rootfs stage, after jre-rootfs.sh, with dpkg's database at hand.
#
# Usage: image-sbom.sh <rootfs> <image name:tag> <jar SBOM> > <image SBOM>
set -euo pipefail
root=$1 image=$2 jar_sbom=$3
release=$root/opt/jre/release
[[ -f $release ]] || { echo "image-sbom.sh: no $release" >&2; exit 1; }
[[ -f $jar_sbom ]] || { echo "image-sbom.sh: no $jar_sbom" >&2; exit 1; }

value() { sed -n "s/^$1=\"\{0,1\}\([^\"]*\)\"\{0,1\}$/\1/p" "$release"; }
json() { local s=${1//\\/\\\\}; s=${s//\"/\\\"}; printf '"%s"' "$s"; }

# The Debian package owning each file of the image outside the JRE and /app (merged /usr: dpkg may know the /lib path).
declare -A packages=()
while IFS= read -r -d '' file; do
  path=/${file#"$root"/}
  owner=$(dpkg-query -S "$path" 2>/dev/null || dpkg-query -S "${path#/usr}" 2>/dev/null || true)
  owner=${owner%%:*}
  owner=${owner%%,*}
  if [[ -n $owner ]]; then packages[$owner]=1; fi
done < <(find "$root" \( -path "$root/opt/jre" -o -path "$root/app" -o -path "$root/proc" \) -prune -o -type f -print0)

arch=$(dpkg --print-architecture)
debs=()
for name in $(printf '%s\n' "${!packages[@]}" | sort); do
  version=$(dpkg-query -W -f='${Version}' "$name")
  debs+=("{\"type\":\"library\",\"name\":$(json "$name"),\"version\":$(json "$version"),\"purl\":$(json "pkg:deb/debian/$name@$version?arch=$arch")}")
done

# The components of the jar's SBOM: the array at the top level of the plugin's pretty-printed JSON.
jar_components=$(awk '/^  "components" : \[$/ { inside = 1; next } inside && /^  \],?$/ { exit } inside { print }' "$jar_sbom")
jar_component=$(awk '/^  "metadata" : \{/ { m = 1 } m && /^    "component" : \{/ { c = 1; print "{"; next } c && /^    \},?$/ { print "}"; exit } c { print }' "$jar_sbom")

modules=$(value MODULES)
{
  printf '{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,'
  printf '"serialNumber":"urn:uuid:%s",' "$(cat /proc/sys/kernel/random/uuid)"
  printf '"metadata":{"timestamp":%s,' "$(json "$(date -u +%Y-%m-%dT%H:%M:%SZ)")"
  printf '"tools":{"components":[{"type":"application","name":"image-sbom.sh","group":"io.fnpulse"}]},'
  printf '"component":{"type":"container","name":%s}},' "$(json "$image")"
  printf '"components":[%s,' "$jar_component"
  printf '{"type":"platform","name":"java-runtime","version":%s,"supplier":{"name":%s},"description":%s},' \
    "$(json "$(value JAVA_VERSION)")" "$(json "$(value IMPLEMENTOR)")" "$(json "jlinked JRE, modules: $modules")"
  (IFS=,; printf '%s' "${debs[*]}")
  if [[ -n $jar_components ]]; then printf ',\n%s\n' "$jar_components"; fi
  printf ']}\n'
} 
echo "image-sbom.sh: $image: the jar and its $(grep -c '"bom-ref"' <<<"$jar_components" || true) libraries, the JRE" \
  "$(value JAVA_VERSION), ${#debs[@]} Debian packages" >&2
