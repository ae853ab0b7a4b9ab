"""Keycloak's CPU per password grant for a user in N organizations (default 1 and 100), in a realm without tenancy
and, when the pack is installed, in its twin with tenancy enabled and no organization policy: does the cost per
organization come from Keycloak or from the pack? Uses Keycloak's own admin API only for the plain realm, so it
also runs against a Keycloak without the pack (--plain-only), for the same figures side by side.

Each realm: organizations on, passwords hashed with one iteration (as mfa_policy.py has it, so that hashing does not
hide the rest), one user, member of N organizations, and a public client with Keycloak's default client scopes
(`profile`, `email`, ...: what a password grant of `scope=openid` maps). Rounds alternate the realms; Keycloak's
CPU per grant is its process's utime + stime over the round divided by the grants, as in tokens_load.py. Figures
only; the realms are deleted at the end.

  python3 password_grants.py --organizations 1,100 --rounds 6 --round-seconds 2
  python3 password_grants.py --plain-only ...     against a Keycloak without the pack"""

import argparse
import statistics
import time
import urllib.parse

from lib.kcbench import (BASE_URL, Admin, Connection, check, keycloak_pid, paired_ratio, process_cpu_seconds,
                          public_client, report, table, user)

CLIENT, USERNAME, PASSWORD = "bench-cli", "pw-user@bench.test", "bench-password"


def set_up(admin, name, organizations, tenancy):
    attributes = {"tenancy.enabled": "true"} if tenancy else {}
    admin.create_realm({"realm": name, "enabled": True, "sslRequired": "none", "organizationsEnabled": True,
                        "passwordPolicy": "hashIterations(1)", "attributes": attributes,
                        "users": [user(USERNAME, PASSWORD)], "clients": [public_client(CLIENT)]})
    if tenancy:
        admin.call("POST", f"/{name}/tenancy/enable")
    user_id = admin.user_id(name, USERNAME)
    for j in range(organizations):
        org_id = admin.created_id("POST", f"/{name}/organizations", {"name": f"pw-{j}", "alias": f"pw-{j}",
                                                                    "domains": [{"name": f"pw-{j}.test"}]})
        admin.call("POST", f"/{name}/organizations/{org_id}/members", user_id)


def grant(http, name):
    return http.request("POST", f"/realms/{name}/protocol/openid-connect/token", parse=False,
                        form={"grant_type": "password", "client_id": CLIENT, "username": USERNAME,
                              "password": PASSWORD, "scope": "openid"})


def cpu_round(http, name, grants, pid):
    cpu = process_cpu_seconds(pid)
    start = time.perf_counter()
    for _ in range(grants):
        grant(http, name)
    elapsed = time.perf_counter() - start
    return (process_cpu_seconds(pid) - cpu) / grants, grants / elapsed


def measure(admin, http, organizations, rounds, round_seconds, pid, plain_only):
    realms = {"plain": f"bench-pw-{organizations}"}
    if not plain_only:
        realms["tenancy"] = f"bench-pwt-{organizations}"
    for kind, name in realms.items():
        set_up(admin, name, organizations, kind == "tenancy")
        check(grant(http, name)[0] == 200, f"a password grant in {name} should succeed")
    for name in realms.values():
        for _ in range(200):
            grant(http, name)
    start = time.perf_counter()
    for _ in range(50):
        grant(http, realms["plain"])
    per_round = max(10, int(50 / (time.perf_counter() - start) * round_seconds))
    cpus = {kind: [] for kind in realms}
    rates = {kind: [] for kind in realms}
    for r in range(rounds):
        for kind in (list(realms) if r % 2 == 0 else list(reversed(realms))):
            cpu, rate = cpu_round(http, realms[kind], per_round, pid)
            cpus[kind].append(cpu)
            rates[kind].append(rate)
    for name in realms.values():
        admin.delete_realm(name)
    result = {"organizations": organizations, "rounds": rounds, "grants_per_round": per_round}
    for kind in realms:
        result[f"{kind}_cpu_ms"] = round(statistics.median(cpus[kind]) * 1000, 3)
        result[f"{kind}_per_s"] = round(statistics.median(rates[kind]), 1)
        result[f"{kind}_cpu_ms_rounds"] = [round(x * 1000, 3) for x in cpus[kind]]
    if not plain_only:
        result["cpu_ratio"] = paired_ratio(cpus["tenancy"], cpus["plain"])
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--organizations", default="1,100", help="organizations per user (default 1,100)")
    parser.add_argument("--rounds", type=int, default=6, help="interleaved rounds per realm (default 6)")
    parser.add_argument("--round-seconds", type=float, default=2.0, help="length of one round (default 2)")
    parser.add_argument("--plain-only", action="store_true",
                        help="only the realm without tenancy (for a Keycloak without the pack)")
    args = parser.parse_args()
    pid = keycloak_pid(urllib.parse.urlsplit(BASE_URL).port or 80)
    http = Connection()
    admin = Admin(Connection())
    results = []
    for organizations in (int(n) for n in args.organizations.split(",")):
        print(f"==> {organizations} organizations", flush=True)
        results.append(measure(admin, http, organizations, args.rounds, args.round_seconds, pid, args.plain_only))
    header = ["organizations", "grants/round", "CPU ms/grant, no tenancy", "grants/s, no tenancy"]
    if not args.plain_only:
        header += ["CPU ms/grant, tenancy", "grants/s, tenancy", "CPU ratio (paired median)"]
    rows = []
    for r in results:
        row = [r["organizations"], r["grants_per_round"], r["plain_cpu_ms"], r["plain_per_s"]]
        if not args.plain_only:
            row += [r["tenancy_cpu_ms"], r["tenancy_per_s"], r["cpu_ratio"]]
        rows.append(row)
    report("password-grants" + ("-plain" if args.plain_only else ""), results, [""] + table(header, rows))


if __name__ == "__main__":
    main()
