"""Self-serve organizations: creating an organization through the self-service API in a realm that already holds
--organizations organizations (default 10 000), and the token of a user who owns --owned organizations (default 100)
against one who owns one.

Realm `bench-self-serve` is created from realm JSON with tenancy enabled, self-service creation on
(`tenancy.self-service.create-organizations`) and a per-user limit above what the benchmark creates; the existing
organizations, without members, are added afterwards through Keycloak's admin API, one POST each (a realm JSON with
10 000 organizations runs past the import transaction's timeout on the demo's H2). Users `creator`, `wide` and `narrow` call the self-service API
with a password-grant token of a public client given the optional client scope `tenancy-api`.

Measured, each --samples times (default 200):

- `POST /realms/bench-self-serve/tenancy/organizations` by `creator` (a new name each time, no domain): the whole
  creation, with the realm's lock, the per-user count, the alias and name checks (which read every name of the realm)
  and the owner role; as a reference, Keycloak's own `POST /admin/realms/bench-self-serve/organizations` of an
  organization with the same kind of name, by the master admin, interleaved;
- a password grant with `scope=openid organization:*` for `wide`, who created --owned organizations through the API
  (untimed), and for `narrow`, who created one, alternating.

It prints median and p99 per call and the ratios. Figures only: nothing passes or fails on timing. The realm is
deleted at the end (--keep keeps it).
Try it quickly with: python3 self_serve.py --organizations 500 --owned 20 --samples 20"""

import argparse
import time

from lib.kcbench import Admin, Connection, check, claims, password_grant, public_client, report, stats_ms, table, user

REALM = "bench-self-serve"
CLIENT = "bench-cli"
PASSWORD = "bench-password"
CREATOR, WIDE, NARROW = "creator@bench.test", "wide@bench.test", "narrow@bench.test"


def realm(per_user):
    return {
        "realm": REALM, "enabled": True, "sslRequired": "none", "organizationsEnabled": True,
        "accessTokenLifespan": 3600, "ssoSessionIdleTimeout": 7200, "ssoSessionMaxLifespan": 36000,
        "attributes": {"tenancy.enabled": "true", "tenancy.self-service.create-organizations": "true",
                       "tenancy.limits.max-organizations-per-user": str(per_user)},
        "users": [user(CREATOR, PASSWORD), user(WIDE, PASSWORD), user(NARROW, PASSWORD)],
        "clients": [public_client(CLIENT)],
    }


def add_api_scope(admin):
    client = admin.get(f"/{REALM}/clients?clientId={CLIENT}")[0]
    scope = next(s for s in admin.get(f"/{REALM}/client-scopes") if s["name"] == "tenancy-api")
    admin.call("PUT", f"/{REALM}/clients/{client['id']}/optional-client-scopes/{scope['id']}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--organizations", type=int, default=10000, help="organizations already in the realm")
    parser.add_argument("--owned", type=int, default=100, help="organizations the wide user owns (default 100)")
    parser.add_argument("--samples", type=int, default=200, help="timed calls of each kind (default 200)")
    parser.add_argument("--keep", action="store_true", help="keep the realm")
    args = parser.parse_args()
    http = Connection()
    admin = Admin(http)
    started = time.perf_counter()
    admin.create_realm(realm(args.samples + args.owned + 10))
    for i in range(args.organizations):
        admin.call("POST", f"/{REALM}/organizations", {"name": f"existing-{i:05d}", "alias": f"existing-{i:05d}"})
    print(f"{REALM}: {args.organizations} organizations created in {time.perf_counter() - started:.1f} s", flush=True)
    add_api_scope(admin)

    def api_token(username):
        return password_grant(http, REALM, CLIENT, username, PASSWORD, "openid tenancy-api")["access_token"]

    def create(token, name):
        return http.request("POST", f"/realms/{REALM}/tenancy/organizations", body={"name": name}, token=token,
                            expect=(201,))

    for username, count in ((WIDE, args.owned), (NARROW, 1)):
        token = api_token(username)
        for i in range(count):
            create(token, f"{username.split('@')[0]}-{i:04d}")
    check(len(claims(password_grant(http, REALM, CLIENT, WIDE, PASSWORD, "openid organization:*")["access_token"])
              .get("organization", {})) == args.owned, f"{WIDE} owns {args.owned} organizations")

    creator = api_token(CREATOR)
    for i in range(5):
        create(creator, f"warm-up-{i}")
        admin.call("POST", f"/{REALM}/organizations", {"name": f"warm-up-native-{i}", "alias": f"warm-up-native-{i}"})
    timings = {"self-service create": [], "Keycloak admin create": []}
    for i in range(args.samples):
        calls = [("self-service create", lambda: create(creator, f"created-{i:05d}")[3]),
                 ("Keycloak admin create", lambda: admin.call("POST", f"/{REALM}/organizations", {
                     "name": f"native-{i:05d}", "alias": f"native-{i:05d}"})[3])]
        for label, call in (calls if i % 2 == 0 else list(reversed(calls))):
            timings[label].append(call())

    grants = {WIDE: [], NARROW: []}
    for i in range(10):
        for username in grants:
            password_grant(http, REALM, CLIENT, username, PASSWORD, "openid organization:*")
    for i in range(args.samples):
        for username in ((WIDE, NARROW) if i % 2 == 0 else (NARROW, WIDE)):
            started = time.perf_counter()
            password_grant(http, REALM, CLIENT, username, PASSWORD, "openid organization:*")
            grants[username].append(time.perf_counter() - started)

    stats = {label: stats_ms(values) for label, values in timings.items()}
    grant_stats = {username: stats_ms(values) for username, values in grants.items()}
    figures = {"organizations": args.organizations, "owned": args.owned, "samples": args.samples,
               "create": stats, "token": {"wide": grant_stats[WIDE], "narrow": grant_stats[NARROW]}}
    reference = stats["Keycloak admin create"]
    lines = [f"Creating an organization in a realm of {args.organizations} organizations ({args.samples} each):"]
    lines += table(["call", "median ms", "p99 ms", "median / Keycloak's"],
                   [[label, s["median"], s["p99"], round(s["median"] / reference["median"], 2)]
                    for label, s in stats.items()])
    lines += ["", f"Password grant with scope organization:* ({args.samples} each):"]
    lines += table(["user", "median ms", "p99 ms"],
                   [[f"owns {args.owned}", grant_stats[WIDE]["median"], grant_stats[WIDE]["p99"]],
                    ["owns 1", grant_stats[NARROW]["median"], grant_stats[NARROW]["p99"]]])
    lines.append(f"wide / narrow (medians): {grant_stats[WIDE]['median'] / grant_stats[NARROW]['median']:.2f}")
    report("self-serve", figures, lines)
    if not args.keep:
        admin.delete_realm(REALM)


if __name__ == "__main__":
    main()
