#!/usr/bin/env bash
# Installs what the slow validity, accessibility and browser tests need (tests/tools.py finds it):
#   - Debian/Ubuntu packages: chromium, a headless Java (for the Nu HTML Checker), nodejs and npm,
#     python3-icu (ICU's Vietnamese order, the reference for bantin's sort order);
#   - into .tools/ (git-ignored): the Nu HTML Checker (npm vnu-jar) and axe-core, pinned.
# Idempotent: packages already there are not installed again, and npm leaves pinned versions
# that are already in .tools/ alone. Needs root for apt-get (uses sudo when not root).
set -euo pipefail
cd "$(dirname "$0")/.."

VNU_JAR_VERSION=26.9.27
AXE_CORE_VERSION=4.14.1

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "install-test-tools: need root (or sudo) to run: $*" >&2
    return 1
  fi
}

missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
/usr/bin/python3 -c 'import icu' >/dev/null 2>&1 || missing+=(python3-icu)

if [ "${#missing[@]}" -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "install-test-tools: installing ${missing[*]}"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      "${missing[@]}"
  else
    echo "install-test-tools: no apt-get; install ${missing[*]} by hand" >&2
    exit 1
  fi
else
  echo "install-test-tools: chromium, java, node, npm and python3-icu are installed"
fi

want_vnu=.tools/node_modules/vnu-jar/package.json
want_axe=.tools/node_modules/axe-core/package.json
have() {  # have PACKAGE_JSON VERSION: is that version installed?
  [ -f "$1" ] && grep -q "\"version\": *\"$2\"" "$1"
}
if have "$want_vnu" "$VNU_JAR_VERSION" && have "$want_axe" "$AXE_CORE_VERSION"; then
  echo "install-test-tools: vnu-jar $VNU_JAR_VERSION and axe-core $AXE_CORE_VERSION are in .tools/"
else
  mkdir -p .tools
  # --ignore-scripts: vnu-jar's postinstall would download a Java runtime; the system one is used.
  npm install --prefix .tools --no-audit --no-fund --ignore-scripts \
    "vnu-jar@$VNU_JAR_VERSION" "axe-core@$AXE_CORE_VERSION"
fi
ls -l .tools/node_modules/vnu-jar/build/dist/vnu.jar .tools/node_modules/axe-core/axe.min.js
