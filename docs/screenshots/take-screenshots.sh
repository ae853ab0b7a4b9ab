#!/usr/bin/env bash
# Regenerates the screenshots shown in the README and the docs, with headless Chromium (Debian: apt-get install
# chromium chromium-driver).
#   docs/screenshots/take-screenshots.sh [base-url]   login pages, against the running demo (./run.sh)
#   docs/screenshots/take-screenshots.sh --portal     the organization admin portal's pages, photographed by its
#                                                     browser tests (PortalBrowserIT as Carol, Dave and Erin use them,
#                                                     PortalAdminModeIT as administrators and the operator do,
#                                                     RealmSettingsTabIT in the admin console's Tenancy tab);
#                                                     needs ports 8080 and 9000, so stop the demo first
set -euo pipefail
cd "$(dirname "$0")"

if [[ "${1:-}" == "--portal" ]]; then
  ../../mvnw -B -q -ntp -f ../../pom.xml verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test=PortalBrowserIT,PortalAdminModeIT,RealmSettingsTabIT -Dportal.screenshots="$PWD"
  ls portal-*.png admin-*.png | sed 's|^|wrote docs/screenshots/|'
  exit 0
fi
base="${1:-http://localhost:8080}"
chromium_bin="$(command -v chromium || command -v chromium-browser || true)"
[[ -n "$chromium_bin" ]] || { echo "Chromium is not installed (Debian: apt-get install chromium)" >&2; exit 1; }
curl -fs -o /dev/null "$base/realms/saas-b2b" || { echo "The demo is not running at $base (start ./run.sh)" >&2; exit 1; }

pkce='code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256'
auth() { # realm client scope [extra]
  echo "$base/realms/$1/protocol/openid-connect/auth?client_id=$2&response_type=code&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcallback&scope=$3&$pkce${4:+&$4}"
}

shoot() { # file url
  local profile
  profile="$(mktemp -d)"
  "$chromium_bin" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
    --user-data-dir="$profile" --window-size=1100,820 --screenshot="$PWD/$1" "$2" >/dev/null 2>&1
  rm -rf "$profile"
  echo "wrote docs/screenshots/$1"
}

shoot login-acme.png "$(auth saas-b2b demo-app 'openid%20organization%3Aacme')"
shoot login-globex.png "$(auth saas-b2b demo-app openid 'login_hint=carol%40globex.test')"
shoot login-no-organization.png "$(auth saas-b2b demo-app openid)"
shoot login-university-a.png "$(auth tenant-university-a campus-app openid)"
shoot login-university-b.png "$(auth tenant-university-b campus-app openid)"
