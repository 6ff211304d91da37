#!/usr/bin/env bash
# Runs every check: formatting, clippy (warnings denied), the rules' unit tests, the
# server's black-box tests, the app's reducers on the host, the app's component
# tests in headless Chromium, and the end-to-end tests against the real server and
# the real built app.
need_browser=1
source "$(dirname "$0")/env.sh"

# Every test runner's output is kept so that the run ends with one total.
LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT
tests() { "$@" 2>&1 | tee -a "$LOG"; }

say "cargo fmt --check"
cargo fmt --all -- --check

say "clippy (host crates, then the wasm app)"
cargo clippy -p kabinet-core -p kabinet-server -p kabinet-e2e --all-targets -- -D warnings
cargo clippy -p kabinet --target wasm32-unknown-unknown --all-targets -- -D warnings
cargo clippy -p kabinet-checkin --target wasm32-unknown-unknown --all-targets -- -D warnings

say "unit and server tests"
tests cargo test -p kabinet-core -p kabinet-server

say "the app's state machines (host tests, no browser)"
tests cargo test -p kabinet --lib
tests cargo test -p kabinet-checkin --lib

say "component tests (wasm-bindgen-test in headless Chromium)"
tests cargo test -p kabinet --target wasm32-unknown-unknown

say "end-to-end tests (real server, real app, headless Chromium)"
source scripts/build-app.sh
cargo build -p kabinet-server
tests cargo test -p kabinet-e2e -- --test-threads=1
say "all tests passed; screenshots are in target/screenshots/"
awk '/^test result:/ { for (i = 2; i <= NF; i++) { if ($i ~ /^passed/) p += $(i - 1); if ($i ~ /^failed/) f += $(i - 1) } }
     END { printf "kabinet: %d passed, %d failed\n", p, f }' "$LOG"
