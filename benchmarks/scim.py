"""SCIM 2.0 per organization: provisioning users into one organization, and looking one up by userName.

Realm `bench-scim` has tenancy on and one organization with the verified domain `bench-scim.test`; a SCIM token of
the organization is created through the pack's admin API. With --population P (PostgreSQL only: benchmarks/run
--postgres scim --population 100000), the organization first gets P members by bulk SQL (lib/population.py: users
user<i>@scale.test holding the template role `member`, organization scale-0), as tokens-at-scale loads its users;
without it the organization holds the users this run provisions.

It then measures, with one client on one keep-alive connection (a directory provisions one request at a time):

- provisioning: --users N (default 200; 10000 on request) `POST /Users` of new users p<i>@bench-scim.test with
  names, email and externalId, as Entra ID and Okta send them: users per second over the whole run, and each
  request's p50/p99;
- look-up: --samples S (default 200) `GET /Users?filter=userName eq "…"` of random existing members (population or
  provisioned), the filter every directory sends before creating a user: p50/p99, and the same for
  `externalId eq "…"` among the provisioned users. Both are indexed look-ups (a username, a user attribute);
- for comparison, --scan-samples (default 5) `GET /Users?filter=name.familyName eq "…"`, a filter without an index,
  which reads every member of the organization and evaluates the filter on each: p50/max.

Figures only: nothing passes or fails on timing. The realm is deleted at the end (--keep keeps it).
Try it quickly with: python3 scim.py --users 50 --samples 20"""

import argparse
import random
import sys
import time
import urllib.parse

from lib import population
from lib.kcbench import Admin, Connection, check, report, stats_ms, table

REALM = "bench-scim"
DOMAIN = "bench-scim.test"
USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
SCIM_TYPE = "application/scim+json"


def provisioned_name(i):
    return f"p{i}@{DOMAIN}"


def scim_user(i):
    return {"schemas": [USER_SCHEMA], "userName": provisioned_name(i), "externalId": f"dir-{i}",
            "name": {"givenName": "Provisioned", "familyName": f"User {i}"},
            "emails": [{"value": provisioned_name(i), "type": "work", "primary": True}], "active": True}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=200, help="users to provision (default 200)")
    parser.add_argument("--population", type=int, default=0,
                        help="members loaded by SQL before (PostgreSQL only; default 0)")
    parser.add_argument("--samples", type=int, default=200, help="look-ups per filter (default 200)")
    parser.add_argument("--scan-samples", type=int, default=5, help="look-ups with the unindexed filter (default 5)")
    parser.add_argument("--keep", action="store_true", help="keep the realm")
    args = parser.parse_args()
    http = Connection()
    admin = Admin(http)

    started = time.perf_counter()
    if args.population:
        population.load(admin, population.Psql(), REALM, "scim", args.population, 1, 1, True, [])
        org = "scale-0"
    else:
        admin.create_realm(population.template_realm(REALM, True, []))
        org = "template"
    loaded = time.perf_counter() - started
    # the template organization is named "Template": found by alias among the realm's (at most two) organizations
    org_id = next(o["id"] for o in admin.get(f"/{REALM}/organizations?max=10") if o["alias"] == org)
    organization = admin.get(f"/{REALM}/organizations/{org_id}")
    organization["domains"] = organization.get("domains", []) + [{"name": DOMAIN, "verified": True}]
    admin.call("PUT", f"/{REALM}/organizations/{org_id}", organization)
    _, created, _, _ = admin.call("POST", f"/{REALM}/tenancy/organizations/{org}/scim-tokens", {"name": "bench"})
    token = created["token"]
    base = f"/realms/{REALM}/tenancy/scim/v2/{org}"
    headers = {"Accept": SCIM_TYPE}
    print(f"{REALM}: organization {org} with {args.population} members loaded by SQL in {loaded:.1f} s", flush=True)

    def scim(method, path, body=None, expect=(200, 201, 204)):
        return http.request(method, base + path, body=body, token=token, headers=headers, expect=expect)

    # provisioning, one request at a time as a directory sends them
    durations = []
    started = time.perf_counter()
    ids = []
    for i in range(args.users):
        _, user, _, seconds = scim("POST", "/Users", scim_user(i), expect=(201,))
        durations.append(seconds)
        ids.append(user["id"])
    provisioning = time.perf_counter() - started
    per_second = args.users / provisioning if provisioning else 0
    _, listed, _, _ = scim("GET", "/Users?count=1")
    members = listed["totalResults"]
    check(members >= args.population + args.users, f"the organization lists {members} members")
    print(f"provisioned {args.users} users in {provisioning:.1f} s; the organization has {members} members",
          flush=True)

    def filtered(expression):
        return "/Users?" + urllib.parse.urlencode({"filter": expression})

    rng = random.Random(7)
    if args.population:
        names = [population.username(rng.randint(1, args.population)) for _ in range(args.samples)]
    else:
        names = [provisioned_name(rng.randrange(args.users)) for _ in range(args.samples)]
    externals = [f"dir-{rng.randrange(args.users)}" for _ in range(args.samples)] if args.users else []
    lookups = {"userName eq": [], "externalId eq": []}
    for i in range(args.samples):
        _, found, _, seconds = scim("GET", filtered(f'userName eq "{names[i]}"'))
        check(found["totalResults"] == 1, f"userName eq {names[i]} found {found['totalResults']}")
        lookups["userName eq"].append(seconds)
        if externals:
            _, found, _, seconds = scim("GET", filtered(f'externalId eq "{externals[i]}"'))
            check(found["totalResults"] == 1, f"externalId eq {externals[i]} found {found['totalResults']}")
            lookups["externalId eq"].append(seconds)
    scans = []
    for i in range(args.scan_samples):
        _, found, _, seconds = scim("GET", filtered(f'name.familyName eq "User {rng.randrange(max(1, args.users))}"'))
        scans.append(seconds)

    figures = {"users": args.users, "population": args.population, "members": members,
               "provisioning_seconds": round(provisioning, 2), "users_per_second": round(per_second, 1),
               "create": stats_ms(durations) if durations else None,
               "lookups": {k: stats_ms(v) for k, v in lookups.items() if v},
               "scan": stats_ms(scans) if scans else None}
    if not args.keep:
        admin.delete_realm(REALM)
    rows = []
    if durations:
        create = figures["create"]
        rows.append((f"POST /Users ({args.users} new users)", len(durations), create["median"], create["p99"],
                     f"{per_second:.1f} users/s"))
    for name, stats in figures["lookups"].items():
        rows.append((f"GET /Users?filter={name} \"…\" (indexed)", stats["n"], stats["median"], stats["p99"], ""))
    if scans:
        scan = figures["scan"]
        rows.append(("GET /Users?filter=name.familyName eq \"…\" (reads every member)", scan["n"], scan["median"],
                     scan["p99"], ""))
    lines = ["", f"One organization of {members} members ({args.population} loaded by SQL, {args.users} provisioned"
             f" through SCIM), one client, one request at a time.", ""]
    lines += table(["request", "n", "median (ms)", "p99 (ms)", "throughput"], rows)
    report("scim", figures, lines)


if __name__ == "__main__":
    sys.exit(main())
