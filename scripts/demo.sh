#!/usr/bin/env bash
# The main job on examples: set up, lint the example code the way CI would, then run three
# pieces of generated code through validator, policy and isolate: one allowed, one refused
# by the validator, one refused by the policy.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

# Runs a command that is expected to exit non-zero (findings, a denial) without stopping.
expect_failure() {
  set +e
  "$@"
  local status=$?
  set -e
  echo "(exit $status)"
}

echo
echo "demo 1: npx airlock lint examples/   (unsafe/ has findings at error level: exit 1)"
expect_failure npx airlock lint examples/

orders='[{"country":"FR","quantity":2,"unitPrice":10},{"country":"DE","quantity":1,"unitPrice":5}]'
echo
echo "demo 2: a pure data transform, allowed, runs in an isolate"
npx airlock run examples/safe/orders-summary.js --tenant demo --input "$orders"

echo
echo "demo 3: code that reads process.env: refused by the validator, nothing runs"
expect_failure npx airlock run examples/unsafe/report-config.js --tenant demo

echo
echo "demo 4: code that needs kv, for a tenant whose tier grants only log: refused by the policy"
expect_failure npx airlock run examples/safe/remember-preference.js --tenant stranger \
  --input '{"userId":"u1","key":"theme","value":"dark"}'
