#!/usr/bin/env bash
# The main job on an example: set up, then lint the example code the way CI would.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

echo
echo "demo: npx airlock lint examples/"
set +e
npx airlock lint examples/
status=$?
set -e
echo
echo "demo: airlock lint exited with $status (1 means findings at error level, as expected for examples/unsafe)"
