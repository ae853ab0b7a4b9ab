"""Token issuance at scale on PostgreSQL: 100 000 users, 10 000 organizations, 1 000 000 role assignments.

Two realms get the same population: `bench-scale-plain` (organizations, no tenancy) and `bench-scale-tenancy`
(tenancy enabled). Each user belongs to 5 organizations; in the tenancy realm each user holds 2 roles in each of them
(the template role `member` and the organization's own `editor`), which makes 1 000 000 assignments with the default
sizes. The population is loaded by bulk SQL through `psql` (see lib/population.py) in about a minute.

Then it measures:
- refresh-token grants with `scope=openid organization:*` for a sample of users, in interleaved rounds on both realms;
  the median grants per second of each and the median of the round-by-round ratios;
- the pack's own query (the statement behind the named query `tenancy.rolesOfUser`, run by Keycloak only when a
  user's roles are not in its cache) for random users, with PostgreSQL's `EXPLAIN ANALYZE`: p50 and p99 of its
  execution time, and of planning plus execution.

Needs Keycloak on PostgreSQL (`benchmarks/run tokens-at-scale` starts it so) and `psql` on the PATH."""

import argparse
import random
import re
import statistics
import sys
import time

from lib import population
from lib.kcbench import Admin, Connection, check, claims, paired_ratio, password_grant, report, stats_ms, table

PLAIN, TENANCY = "bench-scale-plain", "bench-scale-tenancy"
SCOPE = "openid organization:*"
REFRESH_TOKEN = re.compile(rb'"refresh_token":"([^"]+)"')


def refresh_round(http, realm_name, refresh_tokens, grants):
    start = time.perf_counter()
    for n in range(grants):
        i = n % len(refresh_tokens)
        _, body, _, _ = http.request("POST", f"/realms/{realm_name}/protocol/openid-connect/token", form={
            "grant_type": "refresh_token", "client_id": population.CLIENT, "refresh_token": refresh_tokens[i]},
            parse=False)
        refresh_tokens[i] = REFRESH_TOKEN.search(body).group(1).decode()
    return grants / (time.perf_counter() - start)


def query_times(psql, sample_users, prefix):
    """EXPLAIN ANALYZE of the pack's query for each sampled user; returns (execution, planning + execution) in s."""
    statements = "".join(
        "explain (analyze, summary) select a.organization_id, r.name, r.permissions"
        " from tenancy_role_assignment a join tenancy_role r on r.id = a.role_id"
        f" where a.user_id = md5('{prefix}u{i}')::uuid::text;\n" for i in sample_users)
    output = psql.run(statements)
    planning = [float(x) for x in re.findall(r"Planning Time: ([\d.]+) ms", output)]
    execution = [float(x) for x in re.findall(r"Execution Time: ([\d.]+) ms", output)]
    plan = output.split("Planning Time")[0]
    return ([e / 1000 for e in execution], [(p + e) / 1000 for p, e in zip(planning, execution)], plan)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--organizations", type=int, default=10_000)
    parser.add_argument("--per-user", type=int, default=5, help="organizations per user (default 5)")
    parser.add_argument("--sample", type=int, default=50, help="users whose tokens are refreshed (default 50)")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--round-seconds", type=float, default=2.0)
    parser.add_argument("--queries", type=int, default=2000, help="users whose query is timed (default 2000)")
    parser.add_argument("--reuse", action="store_true", help="keep the realms a previous run loaded")
    args = parser.parse_args()
    http = Connection()
    admin = Admin(http)
    psql = population.Psql()
    prefixes = {PLAIN: "p", TENANCY: "t"}
    figures = {"users": args.users, "organizations": args.organizations, "per_user": args.per_user}
    if not args.reuse:
        for name, tenancy in ((PLAIN, False), (TENANCY, True)):
            started = time.perf_counter()
            population.load(admin, psql, name, prefixes[name], args.users, args.organizations, args.per_user,
                            tenancy, ["editor"])
            figures[f"load_seconds_{name}"] = round(time.perf_counter() - started, 1)
            print(f"{name}: loaded in {figures[f'load_seconds_{name}']} s", flush=True)
    counts = psql.run(f"""select (select count(*) from user_entity u join realm r on r.id = u.realm_id where r.name = '{TENANCY}'),
        (select count(*) from org o join realm r on r.id = o.realm_id where r.name = '{TENANCY}'),
        (select count(*) from tenancy_role_assignment a join realm r on r.id = a.realm_id where r.name = '{TENANCY}');""")
    figures["tenancy_realm_rows"] = dict(zip(("users", "organizations", "assignments"), counts.split("|")))
    print(f"{TENANCY}: users, organizations, role assignments = {counts}", flush=True)

    random.seed(7)
    sample = random.sample(range(1, args.users + 1), args.sample)
    grants = {name: [password_grant(http, name, population.CLIENT, population.username(i),
                                    population.PASSWORD, SCOPE) for i in sample]
              for name in (PLAIN, TENANCY)}
    claim = claims(grants[TENANCY][0]["access_token"]).get("organization", {})
    check(len(claim) == args.per_user and all(len(o["roles"]) == 2 for o in claim.values()),
          f"a token of the tenancy realm should name {args.per_user} organizations with 2 roles each")
    tokens = {name: [grant["refresh_token"] for grant in realm_grants] for name, realm_grants in grants.items()}
    slowest = min(refresh_round(http, name, tokens[name], 2 * args.sample) for name in (PLAIN, TENANCY))
    grants = max(args.sample, int(slowest * args.round_seconds))
    rates = {PLAIN: [], TENANCY: []}
    for r in range(args.rounds):
        for name in ((PLAIN, TENANCY) if r % 2 == 0 else (TENANCY, PLAIN)):
            rates[name].append(refresh_round(http, name, tokens[name], grants))
    median = {name: statistics.median(v) for name, v in rates.items()}
    figures.update({"grants_per_round": grants, "plain_grants_per_s": round(median[PLAIN], 1),
                    "tenancy_grants_per_s": round(median[TENANCY], 1),
                    "ratio": paired_ratio(rates[TENANCY], rates[PLAIN]),
                    "plain_rounds": [round(x, 1) for x in rates[PLAIN]],
                    "tenancy_rounds": [round(x, 1) for x in rates[TENANCY]]})

    execution, total, plan = query_times(psql, random.sample(range(1, args.users + 1), args.queries),
                                         prefixes[TENANCY])
    figures["query_execution_ms"] = stats_ms(execution)
    figures["query_planning_and_execution_ms"] = stats_ms(total)
    figures["query_plan"] = plan
    lines = ["", f"{args.users} users, {args.organizations} organizations, {args.per_user} per user; "
                 f"{figures['tenancy_realm_rows']['assignments']} role assignments in {TENANCY}", ""]
    lines += table(["realm without tenancy (grants/s)", "realm with tenancy (grants/s)", "ratio"],
                   [(figures["plain_grants_per_s"], figures["tenancy_grants_per_s"], figures["ratio"])])
    lines += [""] + table(["the pack's query, ms", "p50", "p99", "max"], [
        ("execution", figures["query_execution_ms"]["median"], figures["query_execution_ms"]["p99"],
         figures["query_execution_ms"]["max"]),
        ("planning + execution", figures["query_planning_and_execution_ms"]["median"],
         figures["query_planning_and_execution_ms"]["p99"], figures["query_planning_and_execution_ms"]["max"])])
    lines += ["", "plan of the first timed query:", plan]
    report("tokens-at-scale", figures, lines)


if __name__ == "__main__":
    sys.exit(main())
