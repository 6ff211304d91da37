#!/usr/bin/env bash
# The benchmark command: builds the release app and server, then prints one line per
# figure (see e2e/src/bin/bench.rs). Not a test: it asserts nothing.
need_browser=1
source "$(dirname "$0")/env.sh"
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing wrk from Debian"
    apt-get update -qq && apt-get install -y -qq wrk >/dev/null
  else
    die "wrk is missing. Install it with: sudo apt-get install -y wrk"
  fi
fi
say "building the app and the server (release)"
source scripts/build-app.sh >/dev/null
cargo build --profile server -p kabinet-server
cargo build --release -p kabinet-e2e --bin bench
KABINET_SERVER_BIN="$ROOT/target/server/kabinet-server" target/release/bench "$@"
