#!/usr/bin/env bash
# Database statements added by per-organization theme selection on the later pages of a login: re-renders acme's
# open login page and counts the statements PostgreSQL logs, with the pack's theme selector and with Keycloak's
# default one picking the same theme (client login theme). Needs the local PostgreSQL (127.0.0.1:5432, trust auth,
# log in /var/log/postgresql/) and the demo's Keycloak: stop the demo first.
# Usage: benchmarks/theme-db-queries.sh [renders]   (default 20; build the JAR first)
set -euo pipefail
cd "$(dirname "$0")/.."
renders="${1:-20}"
database=kc_theme_queries
pg_log=$(ls /var/log/postgresql/postgresql-*-main.log | head -n 1)
out="providers/target/benchmarks"
mkdir -p "$out"
source benchmarks/demo.sh

run_variant() {
  local name="$1"; shift
  psql -q -h 127.0.0.1 -U postgres -c "drop database if exists $database" -c "create database $database" \
    -c "alter database $database set log_statement = 'all'"
  start_demo "$out/theme-db-queries-$name.log" --db=postgres --db-url="jdbc:postgresql://127.0.0.1:5432/$database" \
    --db-username=postgres --db-password=unused "$@"
  [[ "$name" != "default-selector" ]] || use_tenancy_theme_for_demo_app
  python3 benchmarks/theme_page_queries.py "$acme_login_url" "$pg_log" "$database" "$renders" \
    | tee "$out/theme-db-queries-$name.json"
  stop_demo
}

run_variant tenancy-selector
run_variant default-selector --spi-theme-selector--provider=default
psql -q -h 127.0.0.1 -U postgres -c "drop database if exists $database"
