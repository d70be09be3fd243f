#!/usr/bin/env bash
# Headless chromium and its WebDriver for the report page test (Debian). Idempotent: does nothing
# when both are installed; needs root and Debian's package mirrors otherwise.
set -euo pipefail
if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
# a machine without the mirrors still runs the suite: the browser test then skips, saying why
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null; }; then
    echo "install_browser.sh: could not install chromium; the report page's browser test will skip" >&2
fi
