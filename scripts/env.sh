# Sourced by the other scripts: puts the project's tools on PATH and installs what
# is missing (everything comes from crates.io, Debian or npm; nothing else is
# downloaded). `need_browser=1` before sourcing also ensures Chromium and
# chromedriver.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'kabinet: %s\n' "$*" >&2; exit 1; }

command -v cargo >/dev/null || die "Rust is missing. Install it with: curl https://sh.rustup.rs -sSf | sh"

TRUNK_VERSION=0.21.14
# The CLI must be exactly the wasm-bindgen the lock file pins.
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (about 12 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 5 minutes)"
  # Without --locked: the crate's packaged lock names a version the registry lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -f node_modules/axe-core/axe.min.js ]; then
  command -v npm >/dev/null || die "npm is missing. Install it with: apt-get install -y nodejs npm"
  say "installing wasm-opt (binaryen) and axe-core from npm"
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
fi

if [ "${need_browser:-0}" = 1 ]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      say "installing Chromium and chromedriver from Debian"
      apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null
    else
      die "Chromium is missing. Install it with: sudo apt-get install -y chromium chromium-driver"
    fi
  fi
  export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"
fi
