"""Member pages of a large organization: the self-service API against Keycloak's own admin API.

Realm `bench-members` is created from realm JSON with tenancy enabled (realm attribute `tenancy.enabled`) and one
organization `big-org` of --members members (default 10 000). The users are in the realm JSON, without credentials
except the owner's (so the import does not spend minutes hashing passwords). Only the owner is a member in the JSON,
made owner through the `tenancy.import` realm attribute; the others are added after the import through Keycloak's
admin API, one POST each (UNMANAGED; the pack gives each the default role `member` as they join), because
Keycloak's import of organization members slows down with their count (2000 took 43 s without tenancy on the demo's
H2). The owner calls the self-service API with an access token from a password grant of a public client that has
the optional client scope `tenancy-api` (added after the import, since enabling tenancy creates that scope) and asks
for `scope=openid tenancy-api`, which puts the audience `tenancy-api` in the token, as docs/self-service-api.md
requires.

For pages of --page-size members (default 20) at the start (first=0), the middle and the end of the member list, and
for the first page of a search (--search, by default the username prefix of the middle hundred members, e.g.
`member-050`), it times, interleaved request by request:

- self-service `GET /realms/bench-members/tenancy/organizations/big-org/members?first=&max=[&search=]` (the owner);
- the pack's admin `GET /admin/realms/bench-members/tenancy/organizations/big-org/members?first=&max=[&search=]`;
- Keycloak's own admin `GET /admin/realms/bench-members/organizations/{id}/members?first=&max=[&search=]`, the
  reference (it returns members without their organization roles).

It prints median and p99 per page and the ratios to Keycloak's own call. Figures only: nothing passes or fails on
timing. The realm is deleted at the end (--keep keeps it).
Try it quickly with: python3 members_page.py --members 500 --samples 20"""

import argparse
import json
import sys
import time
import urllib.parse

from lib.kcbench import Admin, Connection, password_grant, public_client, report, stats_ms, table, user

REALM = "bench-members"
ORG = "big-org"
CLIENT = "bench-cli"
OWNER, PASSWORD = "owner@bench-members.test", "owner-password"


def member_name(i):
    return f"member-{i:05d}@bench-members.test"


def realm(members):
    users = [user(OWNER, PASSWORD)]
    users += [{"username": member_name(i), "email": member_name(i), "emailVerified": True, "enabled": True,
               "firstName": "Member", "lastName": f"{i:05d}"} for i in range(members - 1)]
    seed = {"organizations": [{"alias": ORG, "members": [{"username": OWNER, "roles": ["owner"]}]}]}
    return {
        "realm": REALM, "enabled": True, "sslRequired": "none", "organizationsEnabled": True,
        "accessTokenLifespan": 3600, "ssoSessionIdleTimeout": 7200, "ssoSessionMaxLifespan": 36000,
        "attributes": {"tenancy.enabled": "true", "tenancy.import": json.dumps(seed)},
        "users": users,
        "clients": [public_client(CLIENT)],
        "organizations": [{
            "name": "Big organization", "alias": ORG, "enabled": True,
            "domains": [{"name": "bench-members.test", "verified": True}],
            "members": [{"username": OWNER, "membershipType": "UNMANAGED"}],
        }],
    }


def add_api_scope(admin):
    client = admin.get(f"/{REALM}/clients?clientId={CLIENT}")[0]
    scope = next(s for s in admin.get(f"/{REALM}/client-scopes") if s["name"] == "tenancy-api")
    admin.call("PUT", f"/{REALM}/clients/{client['id']}/optional-client-scopes/{scope['id']}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=10000, help="members of the organization (default 10000)")
    parser.add_argument("--page-size", type=int, default=20, help="max of each page, 1-100 (default 20)")
    parser.add_argument("--samples", type=int, default=200, help="requests per page and API (default 200)")
    parser.add_argument("--search", help="search term (default: the username prefix of the middle hundred members,"
                                         " e.g. member-050 for 10000, which matches 100 of them)")
    parser.add_argument("--keep", action="store_true", help="keep the realm")
    args = parser.parse_args()
    if args.search is None:
        args.search = member_name(args.members // 2)[:len("member-000")]
    http = Connection()
    admin = Admin(http)
    started = time.perf_counter()
    admin.create_realm(realm(args.members))
    imported = time.perf_counter() - started
    print(f"{REALM}: {args.members} users imported in {imported:.1f} s", flush=True)
    add_api_scope(admin)
    org_id = next(o["id"] for o in admin.get(f"/{REALM}/organizations?max=10") if o["alias"] == ORG)
    started = time.perf_counter()
    first = 0
    while True:
        batch = admin.get(f"/{REALM}/users?briefRepresentation=true&first={first}&max=1000")
        for u in batch:
            if u["username"] != OWNER:
                admin.call("POST", f"/{REALM}/organizations/{org_id}/members", u["id"])
        if len(batch) < 1000:
            break
        first += 1000
    joined = time.perf_counter() - started
    imported += joined
    print(f"{REALM}: {args.members - 1} members added through the admin API in {joined:.1f} s", flush=True)
    token = password_grant(http, REALM, CLIENT, OWNER, PASSWORD, "openid tenancy-api")["access_token"]

    size = args.page_size
    middle = (args.members // 2 // size) * size
    last = ((args.members - 1) // size) * size
    pages = [("first page", 0, None), ("middle page", middle, None), ("last page", last, None),
             (f"search '{args.search}', first page", 0, args.search)]
    apis = {
        "self-service": lambda q: http.request("GET", f"/realms/{REALM}/tenancy/organizations/{ORG}/members?{q}",
                                               token=token),
        "pack admin": lambda q: admin.call("GET", f"/{REALM}/tenancy/organizations/{ORG}/members?{q}"),
        "Keycloak admin": lambda q: admin.call("GET", f"/{REALM}/organizations/{org_id}/members?{q}"),
    }

    def query(first, search):
        params = {"first": first, "max": size}
        if search:
            params["search"] = search
        return urllib.parse.urlencode(params)

    # warm-up, which also checks that the three APIs answer the same page sizes
    counts = {}
    for label, first, search in pages:
        for api, call in apis.items():
            for _ in range(10):
                _, body, _, _ = call(query(first, search))
            counts[(label, api)] = len(body)
        sizes = {counts[(label, api)] for api in apis}
        if len(sizes) != 1:
            print(f"  note: {label} returned different sizes: "
                  f"{ {api: counts[(label, api)] for api in apis} }", flush=True)

    timings = {(label, api): [] for label, _, _ in pages for api in apis}
    for i in range(args.samples):
        for label, first, search in (pages if i % 2 == 0 else list(reversed(pages))):
            # Each API goes first as often as the others: the first of identical queries pays for the page, and
            # H2 may hand the next ones the result it just computed.
            names = list(apis)
            order = names[i % len(names):] + names[:i % len(names)]
            for api in order:
                timings[(label, api)].append(apis[api](query(first, search))[3])

    figures = {"members": args.members, "page_size": size, "samples": args.samples,
               "import_seconds": round(imported, 1), "pages": {}}
    rows = []
    for label, first, _ in pages:
        stats = {api: stats_ms(timings[(label, api)]) for api in apis}
        figures["pages"][label] = {"first": first, "items": counts[(label, "self-service")], **stats}
        ref = stats["Keycloak admin"]
        rows.append((label, first, counts[(label, "self-service")],
                     *(f'{stats[api]["median"]} / {stats[api]["p99"]}' for api in apis),
                     round(stats["self-service"]["median"] / ref["median"], 2),
                     round(stats["pack admin"]["median"] / ref["median"], 2)))
    if not args.keep:
        admin.delete_realm(REALM)
    lines = ["", f"{args.members} members in one organization (imported in {imported:.1f} s), pages of {size}, "
             f"{args.samples} requests per cell, interleaved.", ""]
    lines += table(["page", "first", "items", "self-service: median / p99 (ms)", "pack admin: median / p99 (ms)",
                    "Keycloak admin: median / p99 (ms)", "self-service / Keycloak (median)",
                    "pack admin / Keycloak (median)"], rows)
    report("members_page", figures, lines)


if __name__ == "__main__":
    sys.exit(main())
