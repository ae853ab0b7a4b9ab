# Sourced by the benchmark scripts: start and stop the demo's Keycloak, and the acme login page they measure.
# Keycloak is stopped on exit, also when a script fails half-way.

acme_login_url='http://localhost:8080/realms/saas-b2b/protocol/openid-connect/auth?client_id=demo-app&response_type=code&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcallback&scope=openid%20organization%3Aacme&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256'
kc_pid=
trap 'stop_demo' EXIT

# start_demo LOG [Keycloak options...]: fresh demo data, returns once the demo is up.
start_demo() {
  local log="$1"; shift
  ./run.sh --reset --skip-build -- "$@" >"$log" 2>&1 &
  kc_pid=$!
  until grep -q "demo is up" "$log"; do
    kill -0 "$kc_pid" 2>/dev/null || { echo "Keycloak did not start, see $log" >&2; exit 1; }
    sleep 2
  done
}

stop_demo() {
  [[ -z "$kc_pid" ]] || { kill -TERM "$kc_pid" 2>/dev/null; wait "$kc_pid" 2>/dev/null; } || true
  kc_pid=
}

# Without the pack's selector, demo-app's client login theme makes Keycloak pick the same theme as acme's.
use_tenancy_theme_for_demo_app() {
  local token client_id
  token=$(curl -fs -d grant_type=password -d client_id=admin-cli -d username=admin -d password=admin \
    http://localhost:8080/realms/master/protocol/openid-connect/token | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
  client_id=$(curl -fs -H "Authorization: Bearer $token" 'http://localhost:8080/admin/realms/saas-b2b/clients?clientId=demo-app' \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
  curl -fs -H "Authorization: Bearer $token" "http://localhost:8080/admin/realms/saas-b2b/clients/$client_id" \
    | python3 -c 'import json,sys; c=json.load(sys.stdin); c.setdefault("attributes",{})["login_theme"]="tenancy"; print(json.dumps(c))' \
    | curl -fs -X PUT -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data-binary @- \
      "http://localhost:8080/admin/realms/saas-b2b/clients/$client_id"
}
