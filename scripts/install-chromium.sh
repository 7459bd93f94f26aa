#!/bin/sh
# Install Debian's chromium for the browser tests, when possible. Never downloads a browser
# build of its own; where it cannot install, the browser tests skip with a clear message.
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian chromium for the browser tests..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
    && exit 0
  echo "Could not install chromium: the browser tests will be skipped." >&2
  exit 0
fi
echo "chromium is not installed and this user cannot install it (needs root: apt-get install chromium): the browser tests will be skipped." >&2
