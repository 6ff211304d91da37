#!/usr/bin/env bash
# Builds the app and the server and starts Kabinet with demo data on an embedded
# SQLite file (./data/kabinet.db). Ctrl-C stops it.
source "$(dirname "$0")/env.sh"

say "building the apps (scripts/build-app.sh)"
source scripts/build-app.sh
say "building the server"
cargo build --profile server -p kabinet-server

BIND="${KABINET_BIND:-127.0.0.1:8080}"
cat <<INFO

  Kabinet: http://$BIND/

  Demo logins (password: demo)
    anna@alfa.example       tenant, company «Альфа» (orders of every kind and status)
    boris@alfa.example      tenant, company «Альфа»
    vera@beta.example       tenant, company «Бета»
    staff@kabinet.example   management company staff
    events@kabinet.example  event manager
  anna's booking in progress is shared with boris and vera; anyone can sign up at
  http://$BIND/register (a share or ticket link offers it too).

INFO
exec target/server/kabinet-server --demo --bind "$BIND" --data-dir "${KABINET_DATA_DIR:-data}" --static-dir dist
