#!/usr/bin/env bash
# Installs the npm packages (when the lock file changed since the last install) and builds
# every project. Safe to run again: both steps skip what is already up to date.
set -euo pipefail
cd "$(dirname "$0")/.."

export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages"
  npm ci --no-audit --no-fund
fi

echo "setup: building"
npx nx run-many -t build --output-style=static
