#!/usr/bin/env bash
# The whole test suite, as CI runs it: set up, check formatting and lint, then every test.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
bash scripts/docker-engine.sh

echo "test: prettier"
npx prettier --check .
echo "test: eslint"
npx eslint . --max-warnings 0
echo "test: vitest"
npx vitest run
