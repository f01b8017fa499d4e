#!/usr/bin/env bash
# The Open Policy Agent conformance cases against Airlock's Rego engine: prints a line per
# category and writes every case's result to libs/policy/conformance-results.json.
#   npm run conformance                              run the cases
#   npm run conformance -- --write-known-failures    regenerate the ratchet's known-failures list
set -euo pipefail
cd "$(dirname "$0")/.."

# A fresh clone gets the whole setup; otherwise only the policy library (and what it
# references) is built, so a project that does not build yet cannot block this run.
if [ ! -d node_modules ]; then bash scripts/setup.sh; fi
npx tsc -b libs/policy

if [ "${1:-}" = "--write-known-failures" ]; then
  node libs/policy/dist/conformance/write-known-failures.js ../shared/conformance/rego \
    libs/policy/conformance/known-failures.json
  exit 0
fi

start_ms=$(date +%s%3N)
node libs/policy/dist/conformance/run.js ../shared/conformance/rego libs/policy/conformance-results.json
echo "conformance: $(( $(date +%s%3N) - start_ms )) ms; results in libs/policy/conformance-results.json"
