#!/usr/bin/env bash
# Builds both browser bundles into dist/: the tenant app, then the check-in app
# into dist/checkin/ (in this order: the tenant app's build empties dist/).
# run.sh, test.sh and bench.sh source it after env.sh; it also runs on its own.
if [ -z "${ROOT:-}" ]; then
  source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
fi
(cd "$ROOT" && trunk build --release)
(cd "$ROOT/checkin" && trunk build --release)
