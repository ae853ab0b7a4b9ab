"""Token issuance under concurrent load: the pack's organization claim against Keycloak's own, on one server.

The same two realms as `tokens` (one user in N organizations, 3 roles in each; `bench-plain` without tenancy,
`bench-tenancy` with it). Several client threads, each with its own keep-alive connection and its own session,
run refresh-token grants with `scope=openid organization:*` for a fixed time against one realm, then against the
other, in interleaved rounds (which realm goes first alternates), after a warm-up on both. For each realm it reports:

- throughput (grants per second over the round, all threads together), median of the rounds;
- p50 and p99 latency of single grants, over all rounds;
- Keycloak's CPU per grant, from the utime and stime of the Keycloak process (/proc/<pid>/stat) before and after each
  round, and the grants per second that one fully used CPU would give (compare with Keycloak's sizing guide: about
  120 refresh grants per second per vCPU); on PostgreSQL also the database server's CPU per grant;
- the ratio pack / native of throughput and of CPU per grant (median of the round-by-round ratios).

`benchmarks/run tokens-load` starts Keycloak the way production runs it (`kc.sh build` with the JAR, then
`kc.sh start --optimized` on PostgreSQL, see --production in `benchmarks/run --help`). `--threads 1` measures the same
server sequentially. The client is this Python process (standard library only): its own CPU is reported too, and
on a small machine it shares the cores with Keycloak, which is why CPU per grant, read from Keycloak's process, is
the figure to compare with the sizing guide.

--claim-form sets the benchmark client's claim form (which wins over the mapper's option) and --claim-source the
pack's mapper, in the tenancy realm (see docs/benchmarks.md#token-size-and-the-claims-compact-forms)."""

import argparse
import os
import re
import statistics
import subprocess
import sys
import threading
import time

import tokens
from lib.kcbench import Admin, Connection, check, claims, keycloak_pid, process_cpu_seconds, report, table

REFRESH_TOKEN = re.compile(rb'"refresh_token":"([^"]+)"')
ACCESS_TOKEN = re.compile(rb'"access_token":"([^"]+)"')
def database_pids():
    """The PostgreSQL server's processes (for its CPU per grant), or none."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/comm") as comm:
                    if comm.read().strip() == "postgres":
                        pids.append(int(entry))
            except OSError:
                pass
    return pids


def cpu_seconds(pids):
    total = 0.0
    for pid in pids:
        try:
            total += process_cpu_seconds(pid)
        except OSError:
            pass
    return total


class Client(threading.Thread):
    """One client: its own connection and refresh token; grants in a loop while the round runs."""

    def __init__(self, realm, refresh_token):
        super().__init__(daemon=True)
        self.http = Connection()
        self.realm, self.refresh_token = realm, refresh_token
        self.go, self.stop = threading.Event(), threading.Event()
        self.latencies, self.errors, self.token_bytes = [], [], 0

    def run(self):
        path = f"/realms/{self.realm}/protocol/openid-connect/token"
        while True:
            self.go.wait()
            self.go.clear()
            if self.stop.is_set():
                return
            try:
                while not self.round_over.is_set():
                    _, body, _, elapsed = self.http.request("POST", path, form={
                        "grant_type": "refresh_token", "client_id": tokens.CLIENT,
                        "refresh_token": self.refresh_token}, parse=False)
                    self.refresh_token = REFRESH_TOKEN.search(body).group(1).decode()
                    self.token_bytes = len(ACCESS_TOKEN.search(body).group(1))
                    self.latencies.append(elapsed)
            except Exception as error:  # reported after the round, which then stops the benchmark
                self.errors.append(str(error)[:300])
            finally:
                self.done.set()

    def start_round(self, round_over):
        self.round_over, self.done = round_over, threading.Event()
        self.latencies = []
        self.go.set()


def jcmd(pid, *command):
    result = subprocess.run(["jcmd", str(pid), *command], capture_output=True, text=True)
    check(result.returncode == 0, f"jcmd {' '.join(command)} failed: {result.stdout}{result.stderr}")


def run_round(clients, seconds, pid, db_pids, jfr_file=None):
    """All clients of one realm for that many seconds; returns the round's figures. With jfr_file, the round is
    recorded by Java Flight Recorder (profile settings) into that file, one recording per round and realm."""
    if jfr_file:
        jcmd(pid, "JFR.start", "name=tokens-load", "settings=profile", f"filename={os.path.abspath(jfr_file)}")
    round_over = threading.Event()
    client_cpu, kc_cpu, db_cpu = time.process_time(), process_cpu_seconds(pid), cpu_seconds(db_pids)
    started = time.perf_counter()
    for client in clients:
        client.start_round(round_over)
    time.sleep(seconds)
    round_over.set()
    for client in clients:
        client.done.wait()
    elapsed = time.perf_counter() - started
    kc_cpu, db_cpu = process_cpu_seconds(pid) - kc_cpu, cpu_seconds(db_pids) - db_cpu
    client_cpu = time.process_time() - client_cpu
    if jfr_file:
        jcmd(pid, "JFR.stop", "name=tokens-load")
    errors = [e for client in clients for e in client.errors]
    check(not errors, f"{len(errors)} grants failed, the first: {errors[:1]}")
    latencies = [x for client in clients for x in client.latencies]
    return {"grants": len(latencies), "seconds": elapsed, "keycloak_cpu": kc_cpu, "database_cpu": db_cpu,
            "client_cpu": client_cpu, "latencies": latencies}


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(p / 100 * len(ordered))) - 1))]


def summary(rounds, db):
    grants = sum(r["grants"] for r in rounds)
    latencies = [x for r in rounds for x in r["latencies"]]
    cpu = sum(r["keycloak_cpu"] for r in rounds)
    figures = {
        "grants_per_s": round(statistics.median(r["grants"] / r["seconds"] for r in rounds), 1),
        "p50_ms": round(percentile(latencies, 50) * 1000, 2),
        "p99_ms": round(percentile(latencies, 99) * 1000, 2),
        "keycloak_cpu_ms_per_grant": round(cpu / grants * 1000, 3),
        "grants_per_cpu_second": round(grants / cpu, 1),
        "client_cpu_ms_per_grant": round(sum(r["client_cpu"] for r in rounds) / grants * 1000, 3),
        "grants": grants,
        "rounds_grants_per_s": [round(r["grants"] / r["seconds"], 1) for r in rounds],
    }
    if db:
        figures["database_cpu_ms_per_grant"] = round(sum(r["database_cpu"] for r in rounds) / grants * 1000, 3)
    return figures


WHOLE = "bench-whole"


def set_claim_form(admin, realm, form):
    """Sets the benchmark client's tenancy.claim.form. The client's choice wins over the realm's default and the
    mapper's option (docs/roles-and-tokens.md#tokens), and the benchmark client has chosen full, so the form is set
    where it decides: on the client."""
    client = admin.get(f"/{realm}/clients?clientId={tokens.CLIENT}")[0]
    client.setdefault("attributes", {})["tenancy.claim.form"] = form
    admin.call("PUT", f"/{realm}/clients/{client['id']}", client)


def form_sizes(admin, http, realm, organizations):
    """Access token bytes of one grant under each claim form, each checked to carry that form (the client is set
    back to full)."""
    fields = {"full": {"id", "roles", "permissions"}, "roles": {"id", "roles"}, "ids": {"id"}}
    sizes = {}
    for form, expected in fields.items():
        set_claim_form(admin, realm, form)
        grant = tokens.password_grant(http, realm, tokens.CLIENT, tokens.USERNAME, tokens.PASSWORD, tokens.SCOPE)
        claim = claims(grant["access_token"]).get("organization", {})
        check(len(claim) == organizations and all(set(o) == expected for o in claim.values()),
              f"the {form} form should give each of {organizations} organizations exactly {sorted(expected)}")
        sizes[form] = len(grant["access_token"])
    set_claim_form(admin, realm, "full")
    return sizes


def measure(admin, http, organizations, args, pid, db_pids, warmup):
    setup = tokens.set_up(admin, organizations, [("w", WHOLE, True)] if args.whole else [])
    realms = [tokens.PLAIN, tokens.TENANCY]
    if args.claim_form:
        set_claim_form(admin, tokens.TENANCY, args.claim_form)
    if args.claim_source:
        tokens.configure_tenancy_mapper(admin, tokens.TENANCY, args.claim_source)
    grants = tokens.first_grants(http, organizations)
    if (args.claim_form or "full") == "full":
        claim = claims(grants[tokens.TENANCY]["access_token"]).get("organization", {})
        check(all(len(o["roles"]) == 3 for o in claim.values()),
              "the tenancy realm's token should carry 3 roles in each organization")
    if args.whole:
        tokens.configure_tenancy_mapper(admin, WHOLE, claim_source="tenancy")
        whole = tokens.password_grant(http, WHOLE, tokens.CLIENT, tokens.USERNAME, tokens.PASSWORD, tokens.SCOPE)
        claim = claims(whole["access_token"]).get("organization", {})
        check(len(claim) == organizations and all(len(o["roles"]) == 3 for o in claim.values()),
              f"the pack's whole claim should name {organizations} organizations with 3 roles each")
        realms.append(WHOLE)
    clients = {}
    for name in realms:
        clients[name] = [Client(name, tokens.password_grant(http, name, tokens.CLIENT, tokens.USERNAME,
                                                            tokens.PASSWORD, tokens.SCOPE)["refresh_token"])
                         for _ in range(args.threads)]
        for client in clients[name]:
            client.start()
    for name in realms:
        run_round(clients[name], warmup, pid, db_pids)
    rounds = {name: [] for name in realms}
    for r in range(args.rounds):
        for name in (realms if r % 2 == 0 else realms[::-1]):
            jfr_file = args.jfr and os.path.join(args.jfr, f"{organizations}-{name}-{r}.jfr")
            rounds[name].append(run_round(clients[name], args.duration, pid, db_pids, jfr_file))
    for name in clients:
        for client in clients[name]:
            client.stop.set()
            client.go.set()
    result = {"organizations": organizations, "threads": args.threads, "rounds": args.rounds,
              "round_seconds": args.duration, "setup_seconds": setup,
              "form_bytes": form_sizes(admin, http, tokens.TENANCY, organizations)}
    for name in realms:
        key = {tokens.PLAIN: "plain", tokens.TENANCY: "tenancy", WHOLE: "whole"}[name]
        result[key] = summary(rounds[name], db_pids)
        result[key]["token_bytes"] = clients[name][0].token_bytes
        if name != tokens.PLAIN:
            pairs = list(zip(rounds[name], rounds[tokens.PLAIN]))
            result[key]["throughput_ratio"] = round(statistics.median(
                (t["grants"] / t["seconds"]) / (p["grants"] / p["seconds"]) for t, p in pairs), 3)
            result[key]["cpu_per_grant_ratio"] = round(statistics.median(
                (t["keycloak_cpu"] / t["grants"]) / (p["keycloak_cpu"] / p["grants"]) for t, p in pairs), 3)
    if not args.keep:
        for name in realms:
            admin.delete_realm(name)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--organizations", default="1,10,100,1000",
                        help="comma-separated organization counts per user (default 1,10,100,1000)")
    parser.add_argument("--threads", type=int, default=4, help="client threads per realm (default 4)")
    parser.add_argument("--warmup", type=float, default=20.0,
                        help="seconds of warm-up per realm, three times as long before the first N, while the JIT "
                             "compiles the token path (default 20)")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per round (default 10)")
    parser.add_argument("--rounds", type=int, default=4, help="interleaved rounds per realm (default 4)")
    parser.add_argument("--claim-form", choices=("full", "roles", "ids"),
                        help="the benchmark client's tenancy.claim.form in the tenancy realm (default full; the "
                             "client's choice wins over the mapper's option)")
    parser.add_argument("--claim-source", choices=("keycloak", "tenancy"),
                        help="the pack mapper's tenancy.claim.source; 'tenancy' also switches off the native mapper")
    parser.add_argument("--whole", action="store_true",
                        help="also measure a third realm, bench-whole, where the pack writes the whole claim "
                             "(tenancy.claim.source=tenancy, Keycloak's membership mapper off for tokens)")
    parser.add_argument("--port", type=int, default=8080, help="Keycloak's HTTP port, to find its process (8080)")
    parser.add_argument("--jfr", metavar="DIR",
                        help="record each measured round with Java Flight Recorder into DIR/N-REALM-ROUND.jfr "
                             "(through jcmd; start Keycloak with JAVA_OPTS_APPEND=-XX:FlightRecorderOptions="
                             "stackdepth=256 for whole stacks); benchmarks/jfr_top.py sums them up")
    parser.add_argument("--keep", action="store_true", help="keep the realms")
    args = parser.parse_args()
    if args.jfr:
        os.makedirs(args.jfr, exist_ok=True)
    http = Connection()
    admin = Admin(http)
    pid = keycloak_pid(args.port)
    db_pids = database_pids() if os.environ.get("KC_BENCH_DATABASE") else []
    mode = os.environ.get("KC_BENCH_MODE", "unknown server mode")
    print(f"Keycloak process {pid} ({mode}); {args.threads} client threads; warm-up {args.warmup} s, "
          f"{args.rounds} rounds of {args.duration} s per realm", flush=True)
    results = []
    for n in (int(x) for x in args.organizations.split(",")):
        print(f"N = {n}", flush=True)
        results.append(measure(admin, http, n, args, pid, db_pids, args.warmup * (1 if results else 3)))
        print(f"  {results[-1]}", flush=True)
    rows = []
    for r in results:
        for key, label in (("plain", "without tenancy"), ("tenancy", "with tenancy"), ("whole", "pack writes the claim")):
            if key not in r:
                continue
            f = r[key]
            rows.append((r["organizations"], label, f["grants_per_s"], f.get("throughput_ratio", ""), f["p50_ms"],
                         f["p99_ms"], f["keycloak_cpu_ms_per_grant"], f["grants_per_cpu_second"],
                         f.get("cpu_per_grant_ratio", ""), f.get("database_cpu_ms_per_grant", ""),
                         f["client_cpu_ms_per_grant"], f["token_bytes"]))
    lines = ["", f"{mode}; {args.threads} threads; {args.rounds} rounds of {args.duration} s per realm; ratios are "
                 "against the realm without tenancy, median of round-by-round ratios", ""]
    lines += table(["organizations per user", "realm", "grants/s", "ratio", "p50 ms", "p99 ms",
                    "Keycloak CPU ms per grant", "grants per CPU-second", "CPU per grant ratio",
                    "database CPU ms per grant", "client CPU ms per grant", "access token bytes"], rows)
    lines += ["", "access token bytes of the tenancy realm by claim form:", ""]
    lines += table(["organizations per user", "full", "roles", "ids", "without tenancy"],
                   [(r["organizations"], r["form_bytes"]["full"], r["form_bytes"]["roles"], r["form_bytes"]["ids"],
                     r["plain"]["token_bytes"]) for r in results])
    report(f"tokens-load-{args.threads}t", results, lines)


if __name__ == "__main__":
    sys.exit(main())
