#!/usr/bin/env bash
# Runs the keycloak-tenancy demo on http://localhost:8080: builds the JAR, fetches Keycloak (cached in ~/.m2),
# installs the JAR, imports realm-exports/ and starts Keycloak with its H2 database kept in .demo/.
# Needs only a JDK 17+ (Maven comes through ./mvnw). Ctrl-C stops Keycloak.
set -euo pipefail
cd "$(dirname "$0")"

usage() {
  cat <<'USAGE'
Usage: ./run.sh [--reset] [--skip-build] [-- <Keycloak options>]
  --reset       delete the demo's data (users, sessions, changes) and import realm-exports/ again
  --skip-build  start with the JAR already in providers/target (no Maven build)
  -- ...        pass the rest to kc.sh start-dev (for example -- --log-level=debug); the demo turns on the
                feature declarative-ui: give --features=declarative-ui,<yours> to add others
Environment: KC_BOOTSTRAP_ADMIN_USERNAME / KC_BOOTSTRAP_ADMIN_PASSWORD (default admin / admin, used on first start).
USAGE
}

reset=false
build=true
keycloak_options=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --reset) reset=true ;;
    --skip-build) build=false ;;
    --) shift; keycloak_options=("$@"); break ;;
    -h|--help) usage; exit 0 ;;
    *) echo "Unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

keycloak_version=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml | head -n 1)
demo_dir="$PWD/.demo"
kc_home="$demo_dir/keycloak-$keycloak_version"

if "$build"; then
  echo "==> Building the keycloak-tenancy JAR"
  ./mvnw -q -B -DskipTests package
fi
jar=$(ls providers/target/keycloak-tenancy-*.jar 2>/dev/null | grep -v -E -- '-(sources|javadoc|tests)\.jar$' | head -n 1 || true)
[[ -n "$jar" ]] || { echo "No JAR in providers/target: run without --skip-build" >&2; exit 1; }

if [[ ! -x "$kc_home/bin/kc.sh" ]]; then
  echo "==> Fetching Keycloak $keycloak_version (once; cached in ~/.m2 afterwards)"
  # Unpacked whatever the plugin's markers (in target/, shared with other unpacks) say.
  ./mvnw -q -B -N dependency:unpack \
    -Dartifact="org.keycloak:keycloak-quarkus-dist:$keycloak_version:zip" \
    -DoutputDirectory="$demo_dir" -Dmdep.overWriteReleases=true
fi

if "$reset"; then
  echo "==> Resetting demo data"
  rm -rf "$kc_home/data"
fi

rm -f "$kc_home"/providers/keycloak-tenancy-*.jar
cp "$jar" "$kc_home/providers/"
mkdir -p "$kc_home/data/import"
cp realm-exports/*.json "$kc_home/data/import/"

export KC_BOOTSTRAP_ADMIN_USERNAME="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}"
export KC_BOOTSTRAP_ADMIN_PASSWORD="${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}"

# The sample realms send mail to localhost:1025; this catcher keeps it and shows it on a page (JDK only).
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
echo "==> Starting the demo mail catcher (SMTP localhost:1025, page http://localhost:8025/)"
"$java_bin" demo/MailCatcher.java 1025 8025 &
mail_pid=$!

# A realm-level webhook of saas-b2b posts here; this receiver prints each message and shows them on a page (JDK only).
echo "==> Starting the demo webhook receiver (http://localhost:8026/)"
"$java_bin" demo/WebhookReceiver.java 8026 "$kc_home/data/demo-webhook-secret" &
hook_pid=$!

echo "==> Starting Keycloak $keycloak_version with $(basename "$jar") (data in $kc_home/data)"
# declarative-ui (experimental in 26.7) shows the pack's Tenancy tab in the admin console's Realm settings.
"$kc_home/bin/kc.sh" start-dev --import-realm --health-enabled=true --http-port=8080 --features=declarative-ui \
  ${keycloak_options[@]+"${keycloak_options[@]}"} &
kc_pid=$!
stop() {
  trap - EXIT
  echo; echo "==> Stopping Keycloak, the mail catcher and the webhook receiver"
  kill -TERM "$kc_pid" "$mail_pid" "$hook_pid" 2>/dev/null || true
  wait "$kc_pid" "$mail_pid" "$hook_pid" 2>/dev/null || true
}
trap 'stop; exit 0' INT TERM
trap stop EXIT

ready() {
  if command -v curl >/dev/null 2>&1; then
    curl -fs -o /dev/null http://localhost:9000/health/ready
  else
    (exec 3<>/dev/tcp/127.0.0.1/8080) 2>/dev/null
  fi
}
until ready; do
  kill -0 "$kc_pid" 2>/dev/null || { wait "$kc_pid"; echo "Keycloak stopped during start-up (see above)" >&2; exit 1; }
  sleep 2
done

mail_page="http://localhost:8025/"
if ! kill -0 "$mail_pid" 2>/dev/null; then
  mail_page="none: the mail catcher did not start (see above; is port 1025 or 8025 taken, by another mail catcher?).
   The sample realms send to localhost:1025, so their mail goes to whatever listens there, or nowhere"
fi

# The first start subscribes the receiver to every organization's events of saas-b2b (the realm allows private
# targets, for the demo only) and saves the secret, shown once, for the receiver to check signatures with.
webhook_page="http://localhost:8026/ (a realm-level webhook of saas-b2b posts every organization's events there)"
if ! kill -0 "$hook_pid" 2>/dev/null; then
  webhook_page="none: the webhook receiver did not start (see above; is port 8026 taken?)"
elif [ ! -s "$kc_home/data/demo-webhook-secret" ]; then
  if command -v curl >/dev/null 2>&1; then
    admin_token=$(curl -fs -d grant_type=password -d client_id=admin-cli \
        --data-urlencode "username=$KC_BOOTSTRAP_ADMIN_USERNAME" --data-urlencode "password=$KC_BOOTSTRAP_ADMIN_PASSWORD" \
        http://localhost:8080/realms/master/protocol/openid-connect/token | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
    events='["organization.created","organization.updated","organization.deleted","member.added","member.removed","member.roles.updated","invitation.created","invitation.accepted","invitation.revoked","domain.verified","domain.removed","security.updated","account.signed_out","account.suspended","account.restored"]'
    created=$(curl -fs -H "Authorization: Bearer $admin_token" -H 'content-type: application/json' \
        -d '{"url": "http://localhost:8026/hooks", "events": '"$events"'}' \
        http://localhost:8080/admin/realms/saas-b2b/tenancy/webhooks || true)
    secret=$(printf '%s' "$created" | sed -n 's/.*"secret":"\([^"]*\)".*/\1/p')
    if [ -n "$secret" ]; then
      printf '%s\n' "$secret" > "$kc_home/data/demo-webhook-secret"
    else
      webhook_page="none: the demo webhook could not be created (the admin's password changed?): $created"
    fi
  else
    webhook_page="none: creating the demo webhook needs curl"
  fi
fi

cat <<BANNER

==========================================================================================
 keycloak-tenancy demo is up (Ctrl-C stops it; ./run.sh again keeps the data)

 Admin console   http://localhost:8080/admin/   ($KC_BOOTSTRAP_ADMIN_USERNAME / $KC_BOOTSTRAP_ADMIN_PASSWORD on a new data folder)
                 Realm settings -> Tenancy: the realm's tenancy settings
 Tenancy admin   http://localhost:8080/realms/master/tenancy/portal/admin/   (same account: every realm's organizations,
                 their roles, members, sign-in and branding, the role template, tenants)

 saas-b2b  (shared B2B pool; organizations acme and globex)
   Sign in to demo-app (account console: http://localhost:8080/realms/saas-b2b/account/)
     alice@acme.test / alice     routed by email domain to Acme's own IdP (realm acme-idp)
     bob@acme.test / bob         same (first login creates the account and the acme membership)
     carol@globex.test / carol   owner of globex; admin and billing in acme
     dave@globex.test / dave     member of globex
     erin@example.test / erin    member of no organization
   Organization admin portal: http://localhost:8080/realms/saas-b2b/tenancy/portal/
     carol runs globex and acme there, dave only reads, erin sees that she belongs to none
   A token with organizations, as an application asks for it (public client, PKCE):
     http://localhost:8080/realms/saas-b2b/protocol/openid-connect/auth?client_id=demo-app&response_type=code&scope=openid%20organization:*&redirect_uri=http://localhost:3000/callback&code_challenge=...&code_challenge_method=S256

 tenant-university-a / tenant-university-b  (isolated platform pools, client campus-app; registered tenants)
     sam@example.test / sam-a  in university A,  sam@example.test / sam-b  in university B
     prof@university-a.test / prof-a,  prof@university-b.test / prof-b
     http://localhost:8080/realms/tenant-university-a/account/

 Mail the realms send (invitations, email verification, password reset): $mail_page
 Webhook messages (invite someone in the portal and see member.added arrive): $webhook_page
==========================================================================================

BANNER
wait "$kc_pid"
