#!/usr/bin/env bash
# keycloak-tenancy's one test command, the one CI runs (.ci/run calls it). It checks what the tests need (as root on
# Debian or Ubuntu it installs what is missing; otherwise it says what to install and how), creates the databases,
# runs every stage, and ends with the time each stage took.
set -euo pipefail
cd "$(dirname "$0")"

usage() {
  cat <<'USAGE'
Usage: ./test.sh [--h2-only | --only STAGE[,STAGE...]] [--check] [--list]
  (nothing)      every stage below but those marked "only with --only", in this order (about 35 minutes on two cores)
  --h2-only      the Maven build with unit and integration tests on H2 (stage h2): needs no database server
  --only STAGES  the stages named (see --list), for example --only postgres,mariadb
  --check        check the prerequisites of the stages chosen, say what is missing, run nothing
  --list         list the stages
Needs a JDK 17+ (Maven comes through ./mvnw). Ports 8080/9000 and the folder /tmp/kc-test-framework are the test
server's: stop the demo first, and run one test command at a time.
USAGE
}

# name | what it needs | what it does
STAGES=(
  "h2|browser,proxy|Unit and integration tests on H2 (the whole suite)"
  "backup|scripts|Demo start-up with the sample realms (demo smoke), then backups: kc.sh export and import keep tenancy data"
  "bench|scripts|Benchmark suite on small sizes"
  "postgres|postgres|Storage integration tests on PostgreSQL"
  "production|postgres,scripts|Production mode on PostgreSQL, built as the Containerfile builds (container/keycloak.conf)"
  "cluster|postgres,scripts|Two nodes in one cluster on PostgreSQL"
  "mariadb|mariadb|Storage integration tests on MariaDB"
  "newest-patch-production|postgres,scripts|Production mode on the newest 26.7 patch release"
  "newest-patch-browser|browser|Browser login tests on the newest 26.7 patch release"
  "storage-more|postgres,mariadb|The storage tests CI leaves to one database or to H2, on PostgreSQL and MariaDB"
)

# On PostgreSQL and MariaDB, the integration tests that read and write the pack's own tables (roles, assignments,
# invitation roles, asserted emails, audit records, SCIM tokens), take the limits' row locks, or import and export realms:
# what a database dialect can break, and input fuzzing, which must find no 500 on any of them (in every run on H2 and
# PostgreSQL, on MariaDB too before a release). The others (login
# routing, browsers, the reverse proxy, page rendering, static files, metrics, API descriptions) store nothing of the
# pack's and run on H2, as do the unit tests; the production and cluster checks run on PostgreSQL too.
# SelfServiceApiIT, OrganizationIsolationIT and InvitationAbuseIT run on H2 only: they check who may do what and the
# rate limits (kept in Keycloak's single-use store, not the pack's tables), through the same store calls
# InvitationRolesIT, TokenClaimsIT and the configuration apply make on every database; DomainGroundIT's simultaneous
# claims run on all three. Add a test here when it reaches a query or a lock of the pack's that no test here reaches.
REMOTE_DB_TESTS='InvitationRolesIT,TokenClaimsIT,CleanupIT,StorageIntegrityIT'
REMOTE_DB_TESTS+=',EmailDomainJitIT,IdpRoleMapperIT,RestoreWithoutTenancyDataIT,RealmExportsImportIT,AuditLogIT'
# limits: the counts and the row locks on each way in, not the pages, the directory or who may change a limit
REMOTE_DB_TESTS+=',UsageLimitsIT#theAdminApiCreatesNoUser*+parallelRegistrations*+organizationsAcceptNoMember*'
REMOTE_DB_TESTS+='+aRealmCreatesNoOrganization*+fullOrganizationsTurnAway*+aPartialImportAddsNoUser*+serviceAccounts*'
# domains: the claims and their lock, and how a domain compares (case, trailing dot, script), not the login routing
REMOTE_DB_TESTS+=',DomainGroundIT#noClaimOver*+claimsAreCapped+aPendingClaimCannotBlock*+simultaneousClaims*'
REMOTE_DB_TESTS+='+emailDomainsMatch*+internationalisedDomains*'
# config as code: what the database decides (concurrent applies, the round trip, the dry run's rollback), not the checks
REMOTE_DB_TESTS+=',TenancyConfigIT#twoConcurrentAppliesQueueUp*+theConfigurationMovesToAFreshRealm*+theDryRunPlanIsWhatApplyingDoes'
# Input fuzzing and the membership proofs on PostgreSQL, which refuses text that H2 and MariaDB store (NUL characters,
# invalid encodings); the roles API on MariaDB, whose default collation compares role names without case, unlike H2
# and PostgreSQL.
POSTGRES_TESTS="$REMOTE_DB_TESTS,ApiFuzzIT,MembershipProofIT"
MARIADB_TESTS="$REMOTE_DB_TESTS,RolesAdminApiIT"
# Before a release (stage storage-more, on both databases): what the lists above leave to one database or leave out
# (DomainGroundIT's login routing; UsageLimitsIT's pages, directory and permissions), SCIM (Keycloak's user queries and
# simple queries of its own tokens), and the features that keep nothing in the pack's tables (tenant realms, domain
# verification in the organization's attributes). All of them run on H2 in every run; left out of the remote stages,
# they keep a plain run within CI's 40 minutes on a two-core machine.
STORAGE_MORE_TESTS='ApiFuzzIT,RolesAdminApiIT,ScimIT,MembershipProofIT,UsageLimitsIT,TenantProvisioningIT'
STORAGE_MORE_TESTS+=',DomainVerificationIT,DomainGroundIT'
# On the newest 26.7 patch release (stage newest-patch-browser, before a release): signing in through Keycloak's login
# pages in a real browser (the demo's SSO route, SSO enforcement), what a patch release changes. The portal, the pack's
# own page on the pack's own API, runs there before a release too (docs/release.md).
NEWEST_PATCH_TESTS='DemoSsoLoginIT,SsoEnforcementIT'
# Stages that run only when named (--only): the benchmark suite end to end, the newest patch release (production
# build and browser logins) and the storage tests above that CI leaves out. They keep a whole run within CI's 40
# minutes on a two-core machine; run them before a release (docs/release.md).
ON_REQUEST_STAGES="bench newest-patch-production newest-patch-browser storage-more"

pom_property() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" pom.xml | head -n 1; }
NEWEST_PATCH=$(pom_property keycloak.newest-patch.version)

selected=()
check_only=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --h2-only) selected=(h2) ;;
    --only) shift; IFS=, read -r -a selected <<<"${1:-}" ;;
    --check) check_only=true ;;
    --list) for stage in "${STAGES[@]}"; do
        IFS='|' read -r name _ what <<<"$stage"
        [[ " $ON_REQUEST_STAGES " == *" $name "* ]] && what+=" (only with --only)"
        printf '  %-24s %s\n' "$name" "$what"
      done; exit 0 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "Unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
if [[ ${#selected[@]} -eq 0 ]]; then
  for stage in "${STAGES[@]}"; do
    [[ " $ON_REQUEST_STAGES " == *" ${stage%%|*} "* ]] || selected+=("${stage%%|*}")
  done
fi
needs=""
for name in "${selected[@]}"; do
  found=false
  for stage in "${STAGES[@]}"; do
    IFS='|' read -r stage_name stage_needs _ <<<"$stage"
    [[ "$stage_name" == "$name" ]] && { found=true; needs+=",$stage_needs"; }
  done
  "$found" || { echo "Unknown stage: $name (./test.sh --list)" >&2; exit 2; }
done
needs_any() { local need; for need in "$@"; do [[ ",$needs," == *",$need,"* ]] && return 0; done; return 1; }
runs() { [[ " ${selected[*]} " == *" $1 "* ]]; }

started=$(date +%s)
log() { echo "==> [$(( $(date +%s) - started ))s] $*"; }

# ---- Prerequisites ------------------------------------------------------------------------------------------------

debian=false
[[ -f /etc/debian_version ]] && command -v apt-get >/dev/null 2>&1 && debian=true
missing_packages=()   # Debian/Ubuntu package names
missing_brew=()       # Homebrew names, for the message on macOS
problems=()

if [[ -z "${JAVA_HOME:-}" ]] && command -v javac >/dev/null 2>&1; then
  JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
  export JAVA_HOME
fi
java_major=$("${JAVA_HOME:+$JAVA_HOME/bin/}java" -XshowSettings:properties -version 2>&1 \
  | sed -n 's/.*java.specification.version = \([0-9]*\).*/\1/p' || true)
if [[ -z "$java_major" || "$java_major" -lt 17 || ! -x "${JAVA_HOME:-/nonexistent}/bin/javac" ]]; then
  problems+=("a JDK 17 or newer (java and javac; found: ${java_major:-none}). Debian/Ubuntu: apt-get install openjdk-17-jdk-headless; macOS: brew install openjdk@17")
fi

first_executable() { local path; for path in "$@"; do [[ -n "$path" && -x "$path" ]] && { echo "$path"; return 0; }; done; return 1; }
chromium=$(first_executable "${TENANCY_CHROMIUM:-}" /usr/bin/chromium "$(command -v chromium 2>/dev/null)" \
  "$(command -v chromium-browser 2>/dev/null)" /Applications/Chromium.app/Contents/MacOS/Chromium || true)
chromedriver=$(first_executable "${TENANCY_CHROMEDRIVER:-}" /usr/bin/chromedriver \
  "$(command -v chromedriver 2>/dev/null)" "$(command -v chromium.chromedriver 2>/dev/null)" || true)
nginx=$(first_executable "${TENANCY_NGINX:-}" /usr/sbin/nginx "$(command -v nginx 2>/dev/null)" || true)

if needs_any browser; then
  [[ -n "$chromium" ]] || { missing_packages+=(chromium); missing_brew+=("--cask chromium"); }
  [[ -n "$chromedriver" ]] || { missing_packages+=(chromium-driver); missing_brew+=("--cask chromedriver"); }
fi
if needs_any proxy; then
  [[ -n "$nginx" ]] || { missing_packages+=(nginx); missing_brew+=(nginx); }
fi
if needs_any scripts postgres; then
  command -v python3 >/dev/null 2>&1 || { missing_packages+=(python3); missing_brew+=(python); }
  command -v curl >/dev/null 2>&1 || { missing_packages+=(curl); missing_brew+=(curl); }
fi
if needs_any postgres; then
  command -v psql >/dev/null 2>&1 && { command -v pg_ctlcluster >/dev/null 2>&1 || ! "$debian"; } \
    || { missing_packages+=(postgresql); missing_brew+=(postgresql@17); }
fi
if needs_any mariadb; then
  command -v mariadb >/dev/null 2>&1 && { [[ -x /usr/sbin/mariadbd ]] || ! "$debian"; } \
    || { missing_packages+=(mariadb-server); missing_brew+=(mariadb); }
fi
if ! "$debian" && needs_any postgres mariadb; then
  problems+=("the database stages (postgres, production, cluster, mariadb, newest-patch-production) run on Debian or Ubuntu, as CI does: they start, stop and administer the servers with Debian's tools. Elsewhere run ./test.sh --h2-only")
fi

if [[ ${#missing_packages[@]} -gt 0 ]] && "$debian" && [[ $EUID -eq 0 ]] && ! "$check_only"; then
  log "Installing ${missing_packages[*]} (Debian packages)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing_packages[@]}" >/dev/null
  # The nginx package may start a server on port 80; the tests start their own on a free loopback port.
  [[ " ${missing_packages[*]} " == *" nginx "* ]] && { /usr/sbin/nginx -s quit 2>/dev/null || true; }
  chromium=${chromium:-/usr/bin/chromium}
  chromedriver=${chromedriver:-/usr/bin/chromedriver}
  nginx=${nginx:-/usr/sbin/nginx}
  missing_packages=()
fi
if [[ ${#missing_packages[@]} -gt 0 ]]; then
  problems+=("${missing_packages[*]}. Debian or Ubuntu: sudo apt-get install ${missing_packages[*]} (or run ./test.sh as root, which installs them); on Ubuntu, Chromium comes as a snap: sudo snap install chromium (chromium.chromedriver comes with it)")
  problems+=("on macOS with Homebrew: $(printf 'brew install %s && ' "${missing_brew[@]}")./test.sh --h2-only")
fi
if [[ ${#problems[@]} -gt 0 ]]; then
  echo "./test.sh cannot run the stages chosen (${selected[*]}). Missing:" >&2
  for problem in "${problems[@]}"; do echo "  - $problem" >&2; done
  exit 1
fi
"$check_only" && { echo "Prerequisites of ${selected[*]}: all present."; exit 0; }

# Where the browser and reverse proxy tests find their tools (the tests default to Debian's paths).
test_tools=()
[[ -n "$chromium" ]] && test_tools+=("-Dtenancy.test.chromium=$chromium")
[[ -n "$chromedriver" ]] && test_tools+=("-Dtenancy.test.chromedriver=$chromedriver")
[[ -n "$nginx" ]] && test_tools+=("-Dtenancy.test.nginx=$nginx")

# ---- Stages -------------------------------------------------------------------------------------------------------

source .ci/lib/databases.sh

timings=()
summary() {
  local status=$? line
  [[ ${#timings[@]} -eq 0 ]] && return
  echo
  echo "Stage times (./test.sh ${selected[*]}):"
  for line in "${timings[@]}"; do echo "  $line"; done
  printf '  %-26s %5ss\n' "total" "$(( $(date +%s) - started ))"
  [[ $status -eq 0 ]] || echo "  (stopped by a failure)"
}
trap summary EXIT

stage() { # name command...
  local name=$1 what="" stage_started
  shift
  for entry in "${STAGES[@]}"; do [[ "${entry%%|*}" == "$name" ]] && what=${entry##*|}; done
  log "$what"
  stage_started=$(date +%s)
  "$@" || { timings+=("$(printf '%-26s %5ss  FAILED' "$name" "$(( $(date +%s) - stage_started ))")"); return 1; }
  timings+=("$(printf '%-26s %5ss' "$name" "$(( $(date +%s) - stage_started ))")")
}

maven() { ./mvnw -B -ntp ${test_tools[@]+"${test_tools[@]}"} "$@"; }
integration_tests() { # test classes, more Maven options
  local tests=$1
  shift
  maven verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test="$tests" "$@"
}
remote_database_tests() { # vendor jdbc-url test-classes
  KC_TEST_DATABASE=remote KC_TEST_DATABASE_VENDOR="$1" KC_TEST_DATABASE_URL="$2" \
    KC_TEST_DATABASE_USER=keycloak_ci KC_TEST_DATABASE_PASSWORD=keycloak_ci integration_tests "$3"
}
on_postgres() { # test-classes
  start_postgres && fresh_database keycloak_ci \
    && remote_database_tests postgres jdbc:postgresql://127.0.0.1:5432/keycloak_ci "$1"
}
on_mariadb() { # test-classes
  start_mariadb && fresh_mariadb_database keycloak_ci \
    && remote_database_tests mariadb jdbc:mariadb://127.0.0.1:3306/keycloak_ci "$1"
}
storage_more() { on_postgres "$STORAGE_MORE_TESTS" && on_mariadb "$STORAGE_MORE_TESTS"; }
production() { start_postgres && .ci/production-smoke; }
cluster() { start_postgres && .ci/cluster-check; }
newest_patch_production() { start_postgres && KEYCLOAK_DIST_VERSION="$NEWEST_PATCH" .ci/production-smoke; }
newest_patch_browser() { integration_tests "$NEWEST_PATCH_TESTS" -Dkeycloak.dist.version="$NEWEST_PATCH"; }

# The stages after h2 use the JAR it builds; without h2, build it first.
if ! runs h2; then
  log "Building the JAR"
  maven -q -DskipTests package
fi

for name in "${selected[@]}"; do
  case "$name" in
    h2) stage h2 maven clean verify ;;
    backup) stage backup .ci/backup-check ;;
    bench) stage bench .ci/bench-smoke ;;
    postgres) stage postgres on_postgres "$POSTGRES_TESTS" ;;
    production) stage production production ;;
    cluster) stage cluster cluster ;;
    mariadb) stage mariadb on_mariadb "$MARIADB_TESTS" ;;
    newest-patch-production) stage newest-patch-production newest_patch_production ;;
    newest-patch-browser) stage newest-patch-browser newest_patch_browser ;;
    storage-more) stage storage-more storage_more ;;
  esac
done
log "All stages passed: ${selected[*]}"
