#!/bin/sh
# Install Debian's chromium for the browser tests and the PDF of `planlib run --pdf`, with
# the fonts its print needs (fonts-liberation: Liberation Serif, metric-compatible with
# Times New Roman) and poppler-utils (pdfinfo, pdffonts, pdftotext, pdftoppm: the PDF tests
# read the printed file with them), when possible. Never downloads a browser build of its
# own; where it cannot install, the browser tests skip with a clear message.
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
fc-list 2>/dev/null | grep -qi "Liberation Serif" || missing="$missing fonts-liberation"
command -v pdftoppm >/dev/null 2>&1 || missing="$missing poppler-utils"
if [ -z "$missing" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian$missing for the browser and PDF tests..."
  # shellcheck disable=SC2086  # the package names are split on purpose
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null \
    && exit 0
  echo "Could not install$missing: the browser and PDF tests will be skipped." >&2
  exit 0
fi
echo "Not installed:$missing, and this user cannot install them (needs root: apt-get install$missing): the browser and PDF tests will be skipped." >&2
