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
source benchmarks/demo.sh

run_variant() {
  local name="$1"; shift
  start_demo "$out/theme-selection-$name.log" "$@"
  [[ "$name" != "default-selector" ]] || use_tenancy_theme_for_demo_app
  python3 benchmarks/login_page_timing.py "$acme_login_url" "$requests" "$warmup" >"$out/theme-selection-$name.json"
  stop_demo
  echo "$name: $(cat "$out/theme-selection-$name.json")"
}

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
