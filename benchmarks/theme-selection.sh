#!/usr/bin/env bash
# Cost of per-organization theme selection: the time to render acme's login page (the tenancy theme with acme's
# branding) with the pack's theme selector, and with Keycloak's default selector picking the same theme through the
# client's login theme. Same server, data and page; only the selector differs. Prints both figures and the ratio.
#
# Usage: benchmarks/theme-selection.sh [requests]   (default 500; the JAR must be built: ./mvnw -DskipTests package)
# Uses the demo's Keycloak (./run.sh fetches it) on port 8080: stop the demo first.
set -euo pipefail
cd "$(dirname "$0")/.."
requests="${1:-500}"
warmup=100
out="providers/target/benchmarks"
mkdir -p "$out"
url='http://localhost:8080/realms/saas-b2b/protocol/openid-connect/auth?client_id=demo-app&response_type=code&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcallback&scope=openid%20organization%3Aacme&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256'

run_variant() {
  local name="$1"; shift
  local log="$out/theme-selection-$name.log"
  ./run.sh --reset --skip-build -- "$@" >"$log" 2>&1 &
  kc_pid=$!
  until grep -q "demo is up" "$log"; do
    kill -0 "$kc_pid" 2>/dev/null || { echo "Keycloak did not start, see $log" >&2; exit 1; }
    sleep 2
  done
  if [[ "$name" == "default-selector" ]]; then
    # Without the pack's selector, the client's login theme makes Keycloak pick the same theme.
    local token client_id
    token=$(curl -fs -d grant_type=password -d client_id=admin-cli -d username=admin -d password=admin \
      http://localhost:8080/realms/master/protocol/openid-connect/token | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
    client_id=$(curl -fs -H "Authorization: Bearer $token" 'http://localhost:8080/admin/realms/saas-b2b/clients?clientId=demo-app' \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
    curl -fs -H "Authorization: Bearer $token" http://localhost:8080/admin/realms/saas-b2b/clients/$client_id \
      | python3 -c 'import json,sys; c=json.load(sys.stdin); c.setdefault("attributes",{})["login_theme"]="tenancy"; print(json.dumps(c))' \
      | curl -fs -X PUT -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data-binary @- \
        http://localhost:8080/admin/realms/saas-b2b/clients/$client_id
  fi
  python3 benchmarks/login_page_timing.py "$url" "$requests" "$warmup" >"$out/theme-selection-$name.json"
  kill -TERM "$kc_pid"; wait "$kc_pid" || true
  kc_pid=
  echo "$name: $(cat "$out/theme-selection-$name.json")"
}

kc_pid=
trap '[[ -z "$kc_pid" ]] || { kill -TERM "$kc_pid" 2>/dev/null; wait "$kc_pid" 2>/dev/null; } || true' EXIT
run_variant tenancy-selector
run_variant default-selector --spi-theme-selector--provider=default
python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
with_selector = json.load(open(f"{out}/theme-selection-tenancy-selector.json"))
without = json.load(open(f"{out}/theme-selection-default-selector.json"))
assert with_selector["tenancy_theme"] and without["tenancy_theme"], "both runs must render the tenancy theme"
print(f"login page render, median: {with_selector['median_ms']} ms with the tenancy selector, "
      f"{without['median_ms']} ms with Keycloak's default; ratio {with_selector['median_ms'] / without['median_ms']:.3f}")
print(f"mean: {with_selector['mean_ms']} / {without['mean_ms']} ms; ratio {with_selector['mean_ms'] / without['mean_ms']:.3f}")
PY
