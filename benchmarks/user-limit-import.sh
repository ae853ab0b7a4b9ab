#!/usr/bin/env bash
# Cost of the storage-level user limit check: imports the same users through the admin console's partial import
# into a tenant without a user limit and into one with a limit (high enough to take them all), and prints the
# time of each. With a limit, every new user row locks the realm and counts its users before the import goes on.
#
# Usage: benchmarks/user-limit-import.sh [users] [per-request]   (defaults 2000 and 250; build the JAR first:
# ./mvnw -DskipTests package). Uses the demo's Keycloak on port 8080 with fresh data: stop the demo first.
set -euo pipefail
cd "$(dirname "$0")/.."
users="${1:-2000}"
per_request="${2:-250}"
out="providers/target/benchmarks"
mkdir -p "$out"
source benchmarks/demo.sh

start_demo "$out/user-limit-import-keycloak.log"
python3 benchmarks/user_limit_import.py http://localhost:8080 "$users" "$per_request" | tee "$out/user-limit-import.json"
