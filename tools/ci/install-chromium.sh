#!/usr/bin/env bash
# Installs the headless Chromium the browser tests use (tests/DetEval.Cli.Tests/Browser): Debian's `chromium` package
# and a font for the screenshots. Exits 0 when a Chromium is there (already, or installed now), else prints why not
# and exits 1, so the caller can run the browser tests as required or let them skip.
# Usage: tools/ci/install-chromium.sh   (as root, or with sudo available, on Debian or Ubuntu)
set -u
find_chromium() {
  if [ -n "${DETEVAL_CHROMIUM:-}" ]; then [ -x "$DETEVAL_CHROMIUM" ] && echo "$DETEVAL_CHROMIUM"; return; fi
  for c in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome /usr/bin/google-chrome-stable; do
    [ -x "$c" ] && { echo "$c"; return; }
  done
}
works() { timeout 60 "$1" --headless --no-sandbox --disable-gpu --version >/dev/null 2>&1 || timeout 60 "$1" --version >/dev/null 2>&1; }

found=$(find_chromium)
if [ -n "$found" ] && works "$found"; then
  echo "install-chromium: using $found ($("$found" --version 2>/dev/null | head -1))"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: no Chromium and no apt-get on this machine; the browser tests will be skipped (set DETEVAL_CHROMIUM to a Chromium to run them)"
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
    echo "install-chromium: not root and no password-less sudo, cannot install Chromium; the browser tests will be skipped"
    exit 1
  fi
fi

echo "install-chromium: installing Debian's chromium (apt-get install --no-install-recommends chromium fonts-dejavu-core)"
export DEBIAN_FRONTEND=noninteractive
if ! { $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core; } >"${TMPDIR:-/tmp}/install-chromium.log" 2>&1; then
  tail -5 "${TMPDIR:-/tmp}/install-chromium.log"
  echo "install-chromium: apt-get could not install chromium (see above); the browser tests will be skipped"
  exit 1
fi

found=$(find_chromium)
if [ -z "$found" ] || ! works "$found"; then
  echo "install-chromium: chromium installed but it does not start (Ubuntu's chromium-browser is a snap stub, for one); the browser tests will be skipped"
  exit 1
fi
echo "install-chromium: installed $found ($("$found" --version 2>/dev/null | head -1))"
