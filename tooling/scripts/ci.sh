#!/usr/bin/env bash
# Everything CI checks, in one place: lint and format, build, typecheck, publishability, tests.
# Ends with the combined test summary line so that the run's last line tells pass/fail.
set -uo pipefail
cd "$(dirname "$0")/../.."

status=0
bash tooling/scripts/install-test-deps.sh || status=1
pnpm exec biome ci . || status=1
pnpm exec turbo run build typecheck check:publish test --continue --output-logs=new-only || status=1
node tooling/scripts/test-summary.mjs || status=1
exit "$status"
