#!/usr/bin/env bash
# Tenant provisioning time and login latency with many tenant realms: provisions 50 tenants (from the shipped
# university template) through /admin/realms/master/tenancy/tenants, timing each, and measures the password-grant
# login of a user in the first tenant when it is the only tenant and again when there are 50. Prints the figures.
#
# Usage: benchmarks/platform-realms.sh [tenants] [logins]   (defaults 50 and 300; build the JAR first:
# ./mvnw -DskipTests package). Uses the demo's Keycloak on port 8080 with fresh data: stop the demo first.
set -euo pipefail
cd "$(dirname "$0")/.."
tenants="${1:-50}"
logins="${2:-300}"
out="providers/target/benchmarks"
mkdir -p "$out"
source benchmarks/demo.sh

start_demo "$out/platform-realms-keycloak.log"
python3 benchmarks/platform_realms.py http://localhost:8080 "$tenants" "$logins" | tee "$out/platform-realms.json"
