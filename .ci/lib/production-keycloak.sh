# Sourced by .ci/production-smoke and .ci/cluster-check: an optimized production-mode Keycloak with the JAR, on a
# database of its own in the local PostgreSQL, started and stopped by process id.
source .ci/lib/databases.sh

keycloak_version=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml | head -n 1)
# The Keycloak to run: the one the pack is built against, or KEYCLOAK_DIST_VERSION (a newer 26.7 patch release,
# which CI tests too).
dist_version=${KEYCLOAK_DIST_VERSION:-$keycloak_version}

# Keycloak's distribution from Maven Central (cached in ~/.m2) with the JAR, built as the Containerfile builds its
# image: container/keycloak.conf as conf/keycloak.conf, then kc.sh build; started with start --optimized. Built once
# per JAR, options file and version, and shared by the scripts, like one install that several nodes run.
production_keycloak=providers/target/production-keycloak-$dist_version
build_production_keycloak() {
  local jar stamp
  jar=$(ls providers/target/keycloak-tenancy-*.jar | grep -v -E -- '-(sources|javadoc|tests)\.jar$' | head -n 1)
  stamp=$({ echo "$dist_version"; sha256sum "$jar" container/keycloak.conf; } | sha256sum | cut -d ' ' -f 1)
  [[ "$(cat "$production_keycloak/built-from" 2>/dev/null)" == "$stamp" ]] && return 0
  rm -rf "$production_keycloak" && mkdir -p "$production_keycloak"
  # Unpacked whatever the plugin's markers (in target/, shared with run.sh's unpack) say.
  ./mvnw -q -B -ntp -N dependency:unpack -Dartifact="org.keycloak:keycloak-quarkus-dist:$dist_version:zip" \
    -DoutputDirectory="$production_keycloak" -Dmdep.overWriteReleases=true \
    >"$production_keycloak/unpack.log" 2>&1 || {
      echo "Could not fetch Keycloak $dist_version, see $production_keycloak/unpack.log" >&2; exit 1
    }
  mv "$production_keycloak/keycloak-$dist_version" "$production_keycloak/keycloak"
  cp "$jar" "$production_keycloak/keycloak/providers/"
  cp container/keycloak.conf "$production_keycloak/keycloak/conf/keycloak.conf"
  "$production_keycloak/keycloak/bin/kc.sh" build >"$production_keycloak/build.log" 2>&1 || {
      echo "kc.sh build failed, see $production_keycloak/build.log" >&2; tail -n 20 "$production_keycloak/build.log" >&2
      exit 1
    }
  echo "$stamp" >"$production_keycloak/built-from"
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
  for _ in $(seq $(( ${KC_READY_SECONDS:-240} / 2 ))); do
    curl -fs -o /dev/null "http://127.0.0.1:$1/health/ready" && return 0
    sleep 2
  done
  echo "A node did not become ready, see $2" >&2; tail -n 30 "$2" >&2; exit 1
}
