#!/usr/bin/env bash
# The main job on examples: set up, lint the example code the way CI would, then start the
# gateway and send it three pieces of generated code: one allowed, one refused by the
# validator, one refused by the policy. Each is validated, decided, run (or not) and audited.
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

# The gateway on a free loopback port, with a fresh key for the tenants "demo" and
# "stranger", its audit log in a folder of its own. Started with node, not npx, so the
# process id below is the gateway's own and SIGTERM reaches it.
work=$(mktemp -d)
key=$(node -e 'process.stdout.write(require("node:crypto").randomBytes(24).toString("hex"))')
AIRLOCK_API_KEYS="$key:demo|stranger" AIRLOCK_AUDIT_DIR="$work/audit" AIRLOCK_LOG_LEVEL=warn \
  node apps/cli/bin/airlock.js serve --port 0 2>"$work/gateway.log" >/dev/null &
gateway_pid=$!
trap 'kill "$gateway_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do
  url=$(grep -o 'listening on http://[0-9.:]*' "$work/gateway.log" | cut -d' ' -f3 || true)
  [ -n "$url" ] && break
  sleep 0.1
done
if [ -z "$url" ]; then
  cat "$work/gateway.log"
  exit 1
fi
echo
echo "demo 2: npx airlock serve   (the gateway, listening on $url)"
export AIRLOCK_API_KEY=$key

orders='[{"country":"FR","quantity":2,"unitPrice":10},{"country":"DE","quantity":1,"unitPrice":5}]'
echo
echo "demo 3: a pure data transform, allowed, runs in an isolate behind the gateway"
npx airlock run examples/safe/orders-summary.js --tenant demo --input "$orders" --gateway "$url"

echo
echo "demo 4: code that reads process.env: refused by the validator, nothing runs"
expect_failure npx airlock run examples/unsafe/report-config.js --tenant demo --gateway "$url"

echo
echo "demo 5: code that needs kv, for a tenant whose tier grants only log: refused by the policy"
expect_failure npx airlock run examples/safe/remember-preference.js --tenant stranger \
  --input '{"userId":"u1","key":"theme","value":"dark"}' --gateway "$url"

echo
echo "demo 6: the gateway stops gracefully; its audit log holds every request and verifies"
kill -TERM "$gateway_pid"
wait "$gateway_pid" || true
npx airlock audit query --dir "$work/audit" --kind execution
npx airlock audit verify --dir "$work/audit"
