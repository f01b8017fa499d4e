#!/usr/bin/env bash
# Every benchmark under benchmarks/: prints a table and writes benchmarks/results/latest.json.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
node --no-node-snapshot benchmarks/dist/run.js "$@"
