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
url='http://localhost:8080/realms/saas-b2b/protocol/openid-connect/auth?client_id=demo-app&response_type=code&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcallback&scope=openid%20organization%3Aacme&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256'

run_variant() {
  local name="$1"; shift
  local log="$out/theme-db-queries-$name.log"
  psql -q -h 127.0.0.1 -U postgres -c "drop database if exists $database" -c "create database $database" \
    -c "alter database $database set log_statement = 'all'"
  ./run.sh --reset --skip-build -- --db=postgres --db-url="jdbc:postgresql://127.0.0.1:5432/$database" \
    --db-username=postgres --db-password=unused "$@" >"$log" 2>&1 &
  kc_pid=$!
  until grep -q "demo is up" "$log"; do
    kill -0 "$kc_pid" 2>/dev/null || { echo "Keycloak did not start, see $log" >&2; exit 1; }
    sleep 2
  done
  if [[ "$name" == "default-selector" ]]; then
    local token client_id
    token=$(curl -fs -d grant_type=password -d client_id=admin-cli -d username=admin -d password=admin \
      http://localhost:8080/realms/master/protocol/openid-connect/token | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
    client_id=$(curl -fs -H "Authorization: Bearer $token" 'http://localhost:8080/admin/realms/saas-b2b/clients?clientId=demo-app' \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
    curl -fs -H "Authorization: Bearer $token" "http://localhost:8080/admin/realms/saas-b2b/clients/$client_id" \
      | python3 -c 'import json,sys; c=json.load(sys.stdin); c.setdefault("attributes",{})["login_theme"]="tenancy"; print(json.dumps(c))' \
      | curl -fs -X PUT -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data-binary @- \
        "http://localhost:8080/admin/realms/saas-b2b/clients/$client_id"
  fi
  python3 benchmarks/theme_page_queries.py "$url" "$pg_log" "$database" "$renders" | tee "$out/theme-db-queries-$name.json"
  kill -TERM "$kc_pid"; wait "$kc_pid" || true
  kc_pid=
}

kc_pid=
trap '[[ -z "$kc_pid" ]] || { kill -TERM "$kc_pid" 2>/dev/null; wait "$kc_pid" 2>/dev/null; } || true' EXIT

run_variant tenancy-selector
run_variant default-selector --spi-theme-selector--provider=default
psql -q -h 127.0.0.1 -U postgres -c "drop database if exists $database"
