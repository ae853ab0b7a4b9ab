# Sourced by .ci/production-smoke and .ci/cluster-check: an optimized production-mode Keycloak with the JAR, on a
# database of its own in the local PostgreSQL, started and stopped by process id.

keycloak_version=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml | head -n 1)

# Copies the demo's Keycloak (./run.sh fetches it) to $1/keycloak with the JAR, and builds it the way the README's
# install section says: kc.sh build with PostgreSQL and the pack, then start --optimized.
build_production_keycloak() { # work-dir
  local dist=".demo/keycloak-$keycloak_version" jar
  [[ -x "$dist/bin/kc.sh" ]] || { echo "No Keycloak in $dist: run ./run.sh once (or .ci/demo-smoke)" >&2; exit 1; }
  rm -rf "$1" && mkdir -p "$1"
  cp -r "$dist" "$1/keycloak"
  jar=$(ls providers/target/keycloak-tenancy-*.jar | grep -v -E -- '-(sources|javadoc|tests)\.jar$' | head -n 1)
  cp "$jar" "$1/keycloak/providers/"
  "$1/keycloak/bin/kc.sh" build --db=postgres --cache=ispn --health-enabled=true --metrics-enabled=true \
    >"$1/build.log" 2>&1 || { echo "kc.sh build failed, see $1/build.log" >&2; tail -n 20 "$1/build.log" >&2; exit 1; }
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

start_node() { # work-dir log database [kc.sh start options...]
  local work=$1 log=$2 database=$3
  shift 3
  KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin "$work/keycloak/bin/kc.sh" start --optimized \
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
