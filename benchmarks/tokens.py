"""Token issuance: the pack's organization claim against Keycloak's own, on one server.

For each N, two realms hold the same user in N organizations: `bench-plain` has organizations but not tenancy
(Keycloak's own `organization` claim), `bench-tenancy` has tenancy enabled, and the user holds 3 roles in each
organization (the template role `member` and two roles of the organization's own).
The benchmark runs refresh-token grants with `scope=openid organization:*` in interleaved rounds, one realm then the
other (alternating which goes first), and prints the median grants per second of each and
the median of the round-by-round ratios. With --whole the tenancy realm's claim is written whole by the pack (its
mapper's claim source `tenancy`, Keycloak's membership mapper off for tokens), as docs/roles-and-tokens.md describes.

The realms are loaded by bulk SQL (lib/population.py), in seconds: `benchmarks/run --postgres tokens` through psql,
`benchmarks/run tokens` (H2) through H2's script runner, the demo's Keycloak having opened its H2 database in mixed
mode. Against a Keycloak that this script cannot reach by SQL, the memberships are added through Keycloak's admin
API, one call each; Keycloak's own cost per call grows with the user's memberships, so 1000 organizations then take
10 to 15 minutes per realm (the realms are filled at the same time)."""

import argparse
import concurrent.futures
import os
import re
import statistics
import sys
import time

from lib import population
from lib.kcbench import (Admin, Connection, check, claims, paired_ratio, password_grant, public_client, report,
                         table, user)

PLAIN, TENANCY = "bench-plain", "bench-tenancy"
USERNAME, PASSWORD, CLIENT = population.username(1), population.PASSWORD, population.CLIENT
OWN_ROLES = ["editor", "viewer"]
SCOPE = "openid organization:*"
REFRESH_TOKEN = re.compile(rb'"refresh_token":"([^"]+)"')
ACCESS_TOKEN = re.compile(rb'"access_token":"([^"]+)"')


def populate_through_api(admin, name, organizations, tenancy):
    """The realm, then one admin call per organization and per membership, then the roles in one call of the pack's
    import. (Keycloak's realm import of one user in 1000 organizations runs past its transaction timeout.)"""
    representation = {"realm": name, "enabled": True, "sslRequired": "none", "organizationsEnabled": True,
                      "users": [user(USERNAME, PASSWORD)], "clients": [public_client(CLIENT)]}
    if tenancy:
        representation["attributes"] = {"tenancy.enabled": "true"}
    admin.create_realm(representation)
    user_id = admin.user_id(name, USERNAME)
    for j in range(organizations):
        org_id = admin.created_id("POST", f"/{name}/organizations", {
            "name": f"scale-{j}", "alias": f"scale-{j}", "domains": [{"name": f"scale-{j}.test"}]})
        admin.call("POST", f"/{name}/organizations/{org_id}/members", user_id)
    if tenancy:
        admin.call("POST", f"/{name}/tenancy/import", {"organizations": [{
            "alias": f"scale-{j}",
            "roles": [{"name": r, "permissions": [f"documents:{r}"]} for r in OWN_ROLES],
            "members": [{"username": USERNAME, "roles": ["member", *OWN_ROLES]}],
        } for j in range(organizations)]})


def refresh_rate(http, realm_name, refresh_token, grants):
    """Runs that many refresh grants; returns (grants per second, the newest refresh token, the last token's size).
    The answers are not parsed as JSON: with 1000 organizations an answer carries two tokens of over 200 KB each, and
    parsing them would add the client's time to the side with the larger tokens."""
    start = time.perf_counter()
    for _ in range(grants):
        _, body, _, _ = http.request("POST", f"/realms/{realm_name}/protocol/openid-connect/token", form={
            "grant_type": "refresh_token", "client_id": CLIENT, "refresh_token": refresh_token}, parse=False)
        refresh_token = REFRESH_TOKEN.search(body).group(1).decode()
    return grants / (time.perf_counter() - start), refresh_token, len(ACCESS_TOKEN.search(body).group(1))


def roles_only_in_access_token(admin, realm_name):
    """Unticks "Add to ID token" on the pack's mapper: the ID token then keeps Keycloak's own alias list."""
    scope = next(s for s in admin.get(f"/{realm_name}/client-scopes") if s["name"] == "organization")
    mapper = next(m for m in scope.get("protocolMappers", []) if m["protocolMapper"] == "tenancy-organization-roles")
    mapper["config"]["id.token.claim"] = "false"
    admin.call("PUT", f"/{realm_name}/client-scopes/{scope['id']}/protocol-mappers/models/{mapper['id']}", mapper)


def configure_tenancy_mapper(admin, realm, claim_source=None):
    """Sets the pack's mapper of the realm's organization scope; with claim_source 'tenancy' the native membership
    mapper of that scope is switched off for tokens, since the pack's mapper then writes the claim."""
    scope = next(s for s in admin.get(f"/{realm}/client-scopes") if s["name"] == "organization")
    base = f"/{realm}/client-scopes/{scope['id']}/protocol-mappers/models"
    for mapper in admin.get(base):
        if mapper["protocolMapper"] == "tenancy-organization-roles" and claim_source:
            mapper["config"]["tenancy.claim.source"] = claim_source
            admin.call("PUT", f"{base}/{mapper['id']}", mapper)
        elif mapper["protocolMapper"] == "oidc-organization-membership-mapper" and claim_source == "tenancy":
            for key in ("access.token.claim", "id.token.claim", "introspection.token.claim", "userinfo.token.claim"):
                mapper["config"][key] = "false"
            admin.call("PUT", f"{base}/{mapper['id']}", mapper)


def set_up(admin, organizations, extra=()):
    """Both realms (and the extra (prefix, name, tenancy) ones) with the user in that many organizations; returns the
    seconds each took. By bulk SQL where the database can be reached; else through the admin API, the realms filled
    at the same time, each by a client of its own (one after another, 1000 organizations take 10 to 15 minutes per
    realm)."""
    realms = [("p", PLAIN, False), ("t", TENANCY, True), *extra]
    setup = {}
    bulk = population.bulk_sql_runner()
    if bulk:
        for prefix, name, tenancy in realms:
            started = time.perf_counter()
            population.load(admin, bulk, name, prefix, 1, organizations, organizations, tenancy, OWN_ROLES)
            setup[name] = round(time.perf_counter() - started, 1)
    else:
        def populate(name, tenancy):
            started = time.perf_counter()
            populate_through_api(Admin(), name, organizations, tenancy)
            return round(time.perf_counter() - started, 1)

        with concurrent.futures.ThreadPoolExecutor(len(realms)) as pool:
            running = {name: pool.submit(populate, name, tenancy) for _, name, tenancy in realms}
            setup = {name: future.result() for name, future in running.items()}
    for name, seconds in setup.items():
        print(f"  {name}: set up in {seconds} s", flush=True)
    return setup


def first_grants(http, organizations, scope=SCOPE):
    """A password grant in each realm, checked to carry what is measured; returns the grants by realm."""
    grants = {name: password_grant(http, name, CLIENT, USERNAME, PASSWORD, scope) for name in (PLAIN, TENANCY)}
    claim = claims(grants[TENANCY]["access_token"]).get("organization", {})
    check(len(claim) == organizations, f"the tenancy realm's token should name {organizations} organizations")
    check(len(claims(grants[PLAIN]["access_token"]).get("organization", [])) == organizations,
          f"the plain realm's token should name {organizations} organizations")
    return grants


def measure(admin, http, organizations, rounds, round_seconds, access_token_only, whole):
    setup = set_up(admin, organizations)
    if whole:
        configure_tenancy_mapper(admin, TENANCY, claim_source="tenancy")
    if access_token_only:
        roles_only_in_access_token(admin, TENANCY)
    grants = first_grants(http, organizations)
    claim = claims(grants[TENANCY]["access_token"]).get("organization", {})
    check(all(len(o["roles"]) == 3 for o in claim.values()),
          "the tenancy realm's token should carry 3 roles in each organization")
    if access_token_only:
        check(isinstance(claims(grants[TENANCY]["id_token"]).get("organization"), list),
              "with the roles only in the access token, the ID token should carry Keycloak's alias list")
    tokens = {name: grant["refresh_token"] for name, grant in grants.items()}
    # Warm-up (a freshly started server compiles the token path during the first seconds), which also sizes the
    # rounds: each round runs about round_seconds on the slower realm.
    slowest = None
    for name in (PLAIN, TENANCY):
        rate, tokens[name], _ = refresh_rate(http, name, tokens[name], 20)
        rate, tokens[name], _ = refresh_rate(http, name, tokens[name], max(20, int(rate * 3 * round_seconds)))
        slowest = rate if slowest is None else min(slowest, rate)
    grants = max(5, int(slowest * round_seconds))
    rates = {PLAIN: [], TENANCY: []}
    sizes = {}
    for r in range(rounds):
        order = (PLAIN, TENANCY) if r % 2 == 0 else (TENANCY, PLAIN)
        for name in order:
            rate, tokens[name], sizes[name] = refresh_rate(http, name, tokens[name], grants)
            rates[name].append(rate)
    for name in (PLAIN, TENANCY):
        admin.delete_realm(name)
    median = {name: statistics.median(values) for name, values in rates.items()}
    return {"organizations": organizations, "rounds": rounds, "grants_per_round": grants,
            "plain_grants_per_s": round(median[PLAIN], 1), "tenancy_grants_per_s": round(median[TENANCY], 1),
            "ratio": paired_ratio(rates[TENANCY], rates[PLAIN]),
            "plain_token_bytes": sizes[PLAIN], "tenancy_token_bytes": sizes[TENANCY],
            "setup_seconds": setup, "plain_rounds": [round(x, 1) for x in rates[PLAIN]],
            "tenancy_rounds": [round(x, 1) for x in rates[TENANCY]]}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--organizations", default="1,10,100,1000",
                        help="comma-separated organization counts per user (default 1,10,100,1000)")
    parser.add_argument("--rounds", type=int, default=10, help="interleaved rounds per realm (default 10)")
    parser.add_argument("--round-seconds", type=float, default=2.0, help="length of one round (default 2)")
    parser.add_argument("--roles-only-in-access-token", action="store_true",
                        help="untick 'Add to ID token' on the pack's mapper in the tenancy realm")
    parser.add_argument("--whole", action="store_true",
                        help="the pack writes the whole claim in the tenancy realm (claim source 'tenancy', Keycloak's "
                             "membership mapper off for tokens)")
    args = parser.parse_args()
    http = Connection()
    admin = Admin(http)
    results = []
    for n in (int(x) for x in args.organizations.split(",")):
        print(f"N = {n}", flush=True)
        results.append(measure(admin, http, n, args.rounds, args.round_seconds, args.roles_only_in_access_token,
                               args.whole))
        print(f"  {results[-1]}", flush=True)
    rows = [(r["organizations"], r["plain_grants_per_s"], r["tenancy_grants_per_s"], r["ratio"],
             f'{r["plain_token_bytes"]} / {r["tenancy_token_bytes"]}') for r in results]
    report("tokens", results, [""] + table(
        ["organizations per user", "realm without tenancy (grants/s)", "realm with tenancy (grants/s)", "ratio",
         "access token bytes (without / with)"], rows))


if __name__ == "__main__":
    sys.exit(main())
