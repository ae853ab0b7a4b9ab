# Sourced by .ci/production-smoke and .ci/cluster-check: an optimized production-mode Keycloak with the JAR, on a
# database of its own in the local PostgreSQL, started and stopped by process id.

keycloak_version=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml | head -n 1)

# The demo's Keycloak (./run.sh fetches it) copied with the JAR and built the way the README's install section says:
# kc.sh build with PostgreSQL and the pack, then start --optimized. Built once per JAR and shared by the scripts,
# like one install that several nodes run.
production_keycloak=providers/target/production-keycloak
build_production_keycloak() {
  local dist=".demo/keycloak-$keycloak_version" jar stamp
  [[ -x "$dist/bin/kc.sh" ]] || { echo "No Keycloak in $dist: run ./run.sh once (or .ci/demo-smoke)" >&2; exit 1; }
  jar=$(ls providers/target/keycloak-tenancy-*.jar | grep -v -E -- '-(sources|javadoc|tests)\.jar$' | head -n 1)
  stamp=$(sha256sum "$jar" | cut -d ' ' -f 1)
  [[ "$(cat "$production_keycloak/built-from" 2>/dev/null)" == "$stamp" ]] && return 0
  rm -rf "$production_keycloak" && mkdir -p "$production_keycloak"
  cp -r "$dist" "$production_keycloak/keycloak"
  rm -rf "$production_keycloak/keycloak/data"
  cp "$jar" "$production_keycloak/keycloak/providers/"
  "$production_keycloak/keycloak/bin/kc.sh" build --db=postgres --cache=ispn --health-enabled=true \
    --metrics-enabled=true >"$production_keycloak/build.log" 2>&1 || {
      echo "kc.sh build failed, see $production_keycloak/build.log" >&2; tail -n 20 "$production_keycloak/build.log" >&2
      exit 1
    }
  echo "$stamp" >"$production_keycloak/built-from"
}

psql_admin() {
  psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qtA "$@" 2>/dev/null \
    || su postgres -c "psql -v ON_ERROR_STOP=1 -qtA $(printf '%q ' "$@")"
}

# A new, empty database owned by keycloak_ci.
fresh_database() { # name
  if [[ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname='keycloak_ci'")" != 1 ]]; then
    psql_admin -c "CREATE ROLE keycloak_ci LOGIN PASSWORD 'keycloak_ci'"
  fi
  psql_admin -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)"
  psql_admin -c "CREATE DATABASE $1 OWNER keycloak_ci"
}

node_pids=()
stop_nodes() {
  for pid in "${node_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${node_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}

start_node() { # log database [kc.sh start options...]
  local log=$1 database=$2
  shift 2
  KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin "$production_keycloak/keycloak/bin/kc.sh" \
    start --optimized \
    --http-enabled=true --db-url="jdbc:postgresql://127.0.0.1:5432/$database" --db-username=keycloak_ci \
    --db-password=keycloak_ci "$@" >"$log" 2>&1 &
  node_pids+=($!)
}

wait_ready() { # management-port log
  for _ in $(seq 120); do
    curl -fs -o /dev/null "http://127.0.0.1:$1/health/ready" && return 0
    sleep 2
  done
  echo "A node did not become ready, see $2" >&2; tail -n 30 "$2" >&2; exit 1
}
