"""Writes for a user in many organizations: the same admin and self-service calls for a user in N organizations
(`wide`) and for a user in one (`narrow`). The aim is that their time does not grow with N.

Realm `bench-writes` is created from realm JSON with tenancy enabled (realm attribute `tenancy.enabled`):

- organizations scale-0 .. scale-(N-1) with `wide` as member (UNMANAGED); in scale-0 it holds `member` (through the
  `tenancy.import` realm attribute), in the others the default role `member` that enabling tenancy grants;
- organization `narrow-home` with `narrow` as its member (role `member`);
- `boss`, owner (and editor, viewer: the escalation guard lets an owner grant only permissions it holds) of scale-0
  and of narrow-home (tenancy.import), who makes the self-service calls with a password-grant
  token of a public client given the optional client scope `tenancy-api` (scope=openid tenancy-api);
- organization `target`, without members, which the users are added to.

Measured calls, each --samples times (default 30), alternating wide and narrow (which goes first alternates too), on
the user's home organization (scale-0 for wide, narrow-home for narrow):

- add the user to `target`: Keycloak's admin `POST /admin/realms/bench-writes/organizations/{id}/members` with the
  user id as a JSON string (the pack runs on the join event); the user is removed again after each sample, untimed;
- set the user's roles: the pack's admin `PUT /admin/realms/bench-writes/tenancy/organizations/{org}/members/{id}/roles`
  and the self-service `PUT /realms/bench-writes/tenancy/organizations/{org}/members/{id}/roles` by `boss`, switching
  between ["member","editor"] and ["member"] so that each call changes something;
- create a role in the home organization: the pack's admin `POST /admin/realms/bench-writes/tenancy/organizations/
  {org}/roles`;
- on PostgreSQL only: remove a user, Keycloak's admin `DELETE /admin/realms/bench-writes/users/{id}` (the pack
  deletes the user's role assignments on the removal event), for users loaded for it by bulk SQL: in N
  organizations (wide) or in scale-0 only (narrow), a new one each sample; and the same in the realm without tenancy.

As a reference for the add, realm `bench-writes-plain` holds the same organizations and users without tenancy, and
the same add is timed there (--no-plain skips it): what Keycloak itself spends on a user in N organizations.

It prints median and p99 per call for wide and narrow and the ratios wide/narrow. Figures only: nothing passes or
fails on timing. The realms are deleted at the end (--keep keeps them).
Keycloak's import adds organization members one by one, each slower as the user's memberships grow: on the demo's
H2 a 1000-organization import runs past the import transaction's timeout (a 500); use a smaller --organizations
there, or `benchmarks/run --postgres writes`, which loads the wide user's memberships (with roles member, editor and
viewer in each) by bulk SQL (lib/population.py) and the rest through the admin API.
The user cache is cleared before the timed calls, so Keycloak's own membership cache starts empty: Keycloak then
checks each of the wide user's memberships in the database whenever a request resolves the user (it validates a
cached user on every request). --signed-in has both users sign in once first (in both realms), which fills that cache
as any sign-in with an organization scope does; the users removed are new ones in either realm, who never signed in.
Try it quickly with: python3 writes.py --organizations 50 --samples 10"""

import argparse
import json
import os
import sys
import time

from lib import population
from lib.kcbench import Admin, Connection, check, password_grant, public_client, report, stats_ms, table, user

REALM = "bench-writes"
PLAIN = "bench-writes-plain"
CLIENT = "bench-cli"
PASSWORD = "bench-password"
WIDE, NARROW, BOSS = population.username(1), "narrow@bench.test", "boss@bench.test"
HOME = {WIDE: "scale-0", NARROW: "narrow-home"}
OWN_ROLES = [{"name": "editor", "permissions": ["documents:write"]},
             {"name": "viewer", "permissions": ["documents:read"]}]
SESSIONS = {"accessTokenLifespan": 3600, "ssoSessionIdleTimeout": 7200, "ssoSessionMaxLifespan": 36000}


def organization(alias, members):
    return {"name": alias, "alias": alias, "enabled": True,
            "members": [{"username": m, "membershipType": "UNMANAGED"} for m in members]}


def realm(n, name=REALM, tenancy=True):
    seed = {"organizations": [
        {"alias": HOME[WIDE], "roles": OWN_ROLES,
         "members": [{"username": BOSS, "roles": ["owner", "editor", "viewer"]}, {"username": WIDE, "roles": ["member"]}]},
        {"alias": HOME[NARROW], "roles": OWN_ROLES,
         "members": [{"username": BOSS, "roles": ["owner", "editor", "viewer"]}, {"username": NARROW, "roles": ["member"]}]},
    ]}
    orgs = [organization("scale-0", [WIDE, BOSS])] + [organization(f"scale-{i}", [WIDE]) for i in range(1, n)]
    orgs += [organization(HOME[NARROW], [NARROW, BOSS]), organization("target", [])]
    representation = {
        "realm": name, "enabled": True, "sslRequired": "none", "organizationsEnabled": True, **SESSIONS,
        "users": [user(WIDE, population.PASSWORD), user(NARROW, PASSWORD), user(BOSS, PASSWORD)],
        "clients": [public_client(CLIENT)],
        "organizations": orgs,
    }
    if tenancy:
        representation["attributes"] = {"tenancy.enabled": "true", "tenancy.import": json.dumps(seed)}
    return representation


def load_on_postgres(admin, n, name, tenancy):
    """The same realm with the wide user's memberships loaded by bulk SQL, the rest through the admin API."""
    population.load(admin, population.Psql(), name, "t" if tenancy else "p", 1, n, n, tenancy,
                    [r["name"] for r in OWN_ROLES])
    admin.call("PUT", f"/{name}", SESSIONS)
    for username in (NARROW, BOSS):
        admin.call("POST", f"/{name}/users", user(username, PASSWORD))
    ids = {username: admin.user_id(name, username) for username in (NARROW, BOSS)}
    for alias in (HOME[NARROW], "target"):
        admin.call("POST", f"/{name}/organizations", {"name": alias, "alias": alias})
    for alias, members in ((HOME[WIDE], [BOSS]), (HOME[NARROW], [NARROW, BOSS])):
        org_id = admin.organization_id(name, alias)
        for username in members:
            admin.call("POST", f"/{name}/organizations/{org_id}/members", ids[username])
    if tenancy:
        for role in OWN_ROLES:
            admin.call("POST", f"/{name}/tenancy/organizations/{HOME[NARROW]}/roles", role)
        for alias in (HOME[WIDE], HOME[NARROW]):
            admin.call("PUT", f"/{name}/tenancy/organizations/{alias}/members/{ids[BOSS]}/roles",
                       {"roles": ["owner", "editor", "viewer"]})


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--organizations", type=int, default=1000,
                        help="organizations the wide user belongs to (default 1000)")
    parser.add_argument("--samples", type=int, default=30, help="repetitions per call and user (default 30)")
    parser.add_argument("--no-plain", action="store_true",
                        help="skip the reference realm without tenancy for the add-member call")
    parser.add_argument("--keep", action="store_true", help="keep the realm")
    parser.add_argument("--signed-in", action="store_true",
                        help="the wide and narrow users sign in once (password grant, scope organization:*) before "
                             "the timed calls, which fills Keycloak's membership cache as any sign-in does; without "
                             "it the calls start from a cleared user cache, where Keycloak checks each of the wide "
                             "user's memberships in the database whenever a request resolves the user")
    args = parser.parse_args()
    http = Connection()
    admin = Admin(http)
    def create(name, tenancy):
        started = time.perf_counter()
        if os.environ.get("KC_BENCH_DATABASE"):
            load_on_postgres(admin, args.organizations, name, tenancy)
        else:
            admin.create_realm(realm(args.organizations, name, tenancy))
        return time.perf_counter() - started

    imported = create(REALM, True)
    print(f"{REALM}: wide in {args.organizations} organizations, set up in {imported:.1f} s", flush=True)
    if not args.no_plain:
        print(f"{PLAIN} (no tenancy): set up in {create(PLAIN, False):.1f} s", flush=True)
        plain_target = next(o["id"] for o in admin.get(f"/{PLAIN}/organizations?max=10&search=target")
                            if o["alias"] == "target")
        plain_ids = {name: admin.user_id(PLAIN, name) for name in (WIDE, NARROW)}

    client = admin.get(f"/{REALM}/clients?clientId={CLIENT}")[0]
    scope = next(s for s in admin.get(f"/{REALM}/client-scopes") if s["name"] == "tenancy-api")
    admin.call("PUT", f"/{REALM}/clients/{client['id']}/optional-client-scopes/{scope['id']}")
    token = password_grant(http, REALM, CLIENT, BOSS, PASSWORD, "openid tenancy-api")["access_token"]
    orgs = {o["alias"]: o["id"] for o in admin.get(f"/{REALM}/organizations?max=10&search=target")}
    target = orgs["target"]
    ids = {name: admin.user_id(REALM, name) for name in (WIDE, NARROW)}
    for name in (WIDE, NARROW):
        held = admin.get(f"/{REALM}/tenancy/organizations/{HOME[name]}/members/{ids[name]}/roles")
        count = len(admin.get(f"/{REALM}/organizations/members/{ids[name]}/organizations?briefRepresentation=true"))
        print(f"  {name}: member of {count} organizations; roles in {HOME[name]}: {held['roles']}", flush=True)

    flips = {WIDE: 0, NARROW: 0}

    def next_roles(name):
        flips[name] += 1
        return ["member", "editor"] if flips[name] % 2 else ["member"]

    def add_member(name):
        elapsed = admin.call("POST", f"/{REALM}/organizations/{target}/members", ids[name])[3]
        admin.call("DELETE", f"/{REALM}/organizations/{target}/members/{ids[name]}")
        return elapsed

    def plain_add_member(name):
        elapsed = admin.call("POST", f"/{PLAIN}/organizations/{plain_target}/members", plain_ids[name])[3]
        admin.call("DELETE", f"/{PLAIN}/organizations/{plain_target}/members/{plain_ids[name]}")
        return elapsed

    def admin_roles(name):
        return admin.call("PUT", f"/{REALM}/tenancy/organizations/{HOME[name]}/members/{ids[name]}/roles",
                          {"roles": next_roles(name)})[3]

    def self_service_roles(name):
        return http.request("PUT", f"/realms/{REALM}/tenancy/organizations/{HOME[name]}/members/{ids[name]}/roles",
                            {"roles": next_roles(name)}, token=token)[3]

    created = {WIDE: 0, NARROW: 0}

    def create_role(name):
        created[name] += 1
        return admin.call("POST", f"/{REALM}/tenancy/organizations/{HOME[name]}/roles",
                          {"name": f"bench-role-{created[name]}", "permissions": ["documents:read"]})[3]

    gone = {}
    if os.environ.get("KC_BENCH_DATABASE"):
        psql = population.Psql()
        for name, prefix, tenancy in ((REALM, "t", True), (PLAIN, "p", False)):
            if name == PLAIN and args.no_plain:
                continue
            wide_ids, narrow_ids = population.load_members_to_remove(psql, name, prefix, args.samples + 3,
                                                                     args.organizations, tenancy)
            gone[name] = {WIDE: wide_ids, NARROW: narrow_ids}
            admin.call("POST", f"/{name}/clear-user-cache")

    if args.signed_in:
        # in both realms, so that the reference add in the realm without tenancy starts from the same warm cache
        for realm_name in (REALM,) if args.no_plain else (REALM, PLAIN):
            for name in (WIDE, NARROW):
                password = population.PASSWORD if name == WIDE else PASSWORD
                signed_in = password_grant(http, realm_name, CLIENT, name, password, "openid organization:*")
                check("access_token" in signed_in, f"{name} could not sign in to {realm_name}: {signed_in}")

    def remover(realm_name):
        def remove_user(name):
            return admin.call("DELETE", f"/{realm_name}/users/{gone[realm_name][name].pop()}")[3]
        return remove_user

    calls = {
        "add as member (Keycloak admin POST .../organizations/{id}/members)": add_member,
        f"reference: the same add in {PLAIN}, no tenancy": plain_add_member,
        "set roles (pack admin PUT .../members/{id}/roles)": admin_roles,
        "set roles (self-service PUT .../members/{id}/roles, owner)": self_service_roles,
        "create role (pack admin POST .../organizations/{org}/roles)": create_role,
    }
    if REALM in gone:
        calls["remove a user (Keycloak admin DELETE .../users/{id})"] = remover(REALM)
    if PLAIN in gone:
        calls[f"reference: the same removal in {PLAIN}, no tenancy"] = remover(PLAIN)
    if args.no_plain:
        calls = {k: v for k, v in calls.items() if v is not plain_add_member}
    timings = {(call, name): [] for call in calls for name in (WIDE, NARROW)}
    for call, run in calls.items():
        for _ in range(3):  # warm-up
            for name in (WIDE, NARROW):
                run(name)
        for i in range(args.samples):
            for name in ((WIDE, NARROW) if i % 2 == 0 else (NARROW, WIDE)):
                timings[(call, name)].append(run(name))
    if not args.keep:
        admin.delete_realm(REALM)
        admin.delete_realm(PLAIN)

    figures = {"organizations": args.organizations, "samples": args.samples, "import_seconds": round(imported, 1),
               "calls": {}}
    rows = []
    for call in calls:
        wide, narrow = stats_ms(timings[(call, WIDE)]), stats_ms(timings[(call, NARROW)])
        figures["calls"][call] = {"wide": wide, "narrow": narrow}
        rows.append((call, f'{narrow["median"]} / {narrow["p99"]}', f'{wide["median"]} / {wide["p99"]}',
                     round(wide["median"] / narrow["median"], 2), round(wide["p99"] / narrow["p99"], 2)))
    lines = ["", f"wide: member of {args.organizations} organizations; narrow: of 1 (realm imported in "
             f"{imported:.1f} s); {args.samples} samples per cell, alternating.", ""]
    lines += table(["call", "narrow: median / p99 (ms)", f"wide ({args.organizations}): median / p99 (ms)",
                    "median ratio wide/narrow", "p99 ratio wide/narrow"], rows)
    report("writes", figures, lines)


if __name__ == "__main__":
    sys.exit(main())
