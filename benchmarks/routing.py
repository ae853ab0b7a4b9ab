"""Identity-first routing with many verified domains: the login pages of a realm with 20 000 domains against one with 10.

Two realms are created from realm JSON, both with tenancy enabled (realm attribute `tenancy.enabled`), which is what
puts the pack's routing into the realm's browser flow: enabling swaps the browser flow's native `organization`
identity-first step for the pack's extended one, in place (RoutingSetup / SsoFlowSteps), the same as the demo realm.
`bench-routing-big` holds --domains verified domains spread over organizations of --domains-per-org domains each
(default 20 000 = 200 x 100), `bench-routing-small` holds 10 (10 x 1). The organizations are created through the
admin API after the realm (one POST per organization, with its domains marked verified): with them in the realm
JSON (--import-json) Keycloak's import looks each domain up with a query, which on the demo's H2 database ran past
the import transaction's timeout (a 500) for 20 000 domains. In each realm:

- one local user with a password, whose email is at a verified domain of an organization that has NO identity
  provider: the routing step finds the organization by the domain, finds no provider and goes on to the password
  form ("password" route below);
- one more organization whose verified domain is linked to an OIDC identity provider with "redirect when email domain
  matches"; an email at that domain (no account needed) makes the routing step answer a 302 to the provider
  ("IdP" route): a 303 to Keycloak's broker endpoint of the provider, where the benchmark stops (the provider
  points at an address nothing listens on).

Each login drives the real pages over one keep-alive connection with a fresh cookie jar (a new session): GET the
authorization URL of a public client with PKCE, parse the form action from the HTML, POST the username, then POST the
password on the password form and stop at the 302 to the redirect_uri (http://localhost:3000, never followed).

(a) The latency of the username POST, the request that runs the routing step, for both routes in both realms, the
    four kinds interleaved request by request: median and p99, ratio big/small.
(b) Full login throughput (authorization GET, username POST, password POST up to the code), interleaved rounds of one
    realm then the other (alternating which goes first): median logins per second of each, ratio big/small.

Figures only: nothing passes or fails on timing. Both realms are deleted at the end (--keep keeps them).
Try it quickly with: python3 routing.py --domains 2000 --samples 50 --rounds 3 --round-seconds 1"""

import argparse
import base64
import hashlib
import html
import http.cookies
import os
import re
import sys
import time
import urllib.parse

from lib.kcbench import Admin, Connection, public_client, report, stats_ms, table, user

BIG, SMALL = "bench-routing-big", "bench-routing-small"
CLIENT = "bench-web"
REDIRECT_URI = "http://localhost:3000/callback"
PASSWORD = "bench-password"
IDP_DOMAIN = "sso.bench.test"
FORM_ACTION = re.compile(r'<form[^>]*\baction="([^"]+)"')


def organization(i, domains_per_org):
    return {"name": f"Organization {i}", "alias": f"org-{i}", "enabled": True,
            "domains": [{"name": f"d{j}.org-{i}.bench.test", "verified": True} for j in range(domains_per_org)]}


def realm(name, organizations, domains_per_org, in_json):
    """Realm JSON: organizations org-0.. with domains d{j}.org-{i}.bench.test (unless created afterwards through the
    admin API), a user at org-0's first domain and an organization with an IdP that redirects for IDP_DOMAIN."""
    orgs = [organization(i, domains_per_org) for i in range(organizations)] if in_json else []
    orgs.append({"name": "SSO organization", "alias": "sso-org", "enabled": True,
                 "domains": [{"name": IDP_DOMAIN, "verified": True}],
                 "identityProviders": [{"alias": "sso-idp"}]})
    unreachable = "http://127.0.0.1:9/sso"
    return {
        "realm": name, "enabled": True, "sslRequired": "none", "organizationsEnabled": True,
        "loginWithEmailAllowed": True,
        "attributes": {"tenancy.enabled": "true"},
        "users": [user(local_email(), PASSWORD)],
        "clients": [public_client(CLIENT, attributes={"pkce.code.challenge.method": "S256"})],
        "identityProviders": [{
            "alias": "sso-idp", "providerId": "oidc", "enabled": True, "trustEmail": True, "hideOnLogin": True,
            "firstBrokerLoginFlowAlias": "first broker login",
            "config": {"issuer": unreachable, "authorizationUrl": unreachable + "/auth",
                       "tokenUrl": unreachable + "/token", "clientId": "bench", "clientSecret": "bench",
                       "clientAuthMethod": "client_secret_post", "defaultScope": "openid email",
                       "loginHint": "true", "syncMode": "IMPORT",
                       "kc.org.domain": IDP_DOMAIN, "kc.org.broker.redirect.mode.email-matches": "true"}}],
        "organizations": orgs,
    }


def local_email():
    return "local.user@d0.org-0.bench.test"


class Browser:
    """A fresh cookie jar on the shared keep-alive connection: one new login session."""

    def __init__(self, http):
        self.http, self.cookies = http, {}

    def request(self, method, url, form=None):
        path = url
        if url.startswith("http"):
            parts = urllib.parse.urlsplit(url)
            path = parts.path + ("?" + parts.query if parts.query else "")
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        status, body, response_headers, elapsed = self.http.request(method, path, form=form, headers=headers,
                                                                    expect=(200, 302, 303))
        for raw in response_headers.get_all("Set-Cookie") or ():
            jar = http.cookies.SimpleCookie()
            try:
                jar.load(raw)
            except http.cookies.CookieError:
                continue
            for key, morsel in jar.items():
                if morsel.value == "" or morsel["max-age"] == "0":
                    self.cookies.pop(key, None)
                else:
                    self.cookies[key] = morsel.value
        return status, body, response_headers, elapsed

    def follow(self, status, body, headers):
        """Follows redirects that stay on Keycloak; returns the final (status, body, headers)."""
        while status in (302, 303):
            location = headers["Location"]
            if not location.startswith(("/", "http://localhost:8080", "http://127.0.0.1:8080")) \
                    or location.startswith(REDIRECT_URI):
                break
            status, body, headers, _ = self.request("GET", location)
        return status, body, headers


def form_action(page, what):
    found = FORM_ACTION.search(page if isinstance(page, str) else "")
    if not found:
        raise RuntimeError(f"no form on the {what} page: {str(page)[:300]}")
    return html.unescape(found.group(1))


def authorization_path(realm_name):
    verifier = base64.urlsafe_b64encode(os.urandom(32)).rstrip(b"=").decode()
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    query = urllib.parse.urlencode({
        "client_id": CLIENT, "redirect_uri": REDIRECT_URI, "response_type": "code", "scope": "openid",
        "state": base64.urlsafe_b64encode(os.urandom(9)).decode(), "code_challenge": challenge,
        "code_challenge_method": "S256"})
    return f"/realms/{realm_name}/protocol/openid-connect/auth?{query}"


def username_step(http, realm_name, username):
    """A new session up to the username POST; returns (browser, seconds of the POST, status, body, headers)."""
    browser = Browser(http)
    status, body, headers, _ = browser.request("GET", authorization_path(realm_name))
    status, body, headers = browser.follow(status, body, headers)
    if status != 200:
        raise RuntimeError(f"{realm_name}: authorization answered {status}")
    status, body, headers, elapsed = browser.request("POST", form_action(body, "username"), form={"username": username})
    return browser, elapsed, status, body, headers


def password_route(http, realm_name):
    """The username POST of a local user; checks it led to the password form. Returns its seconds."""
    browser, elapsed, status, body, headers = username_step(http, realm_name, local_email())
    status, body, headers = browser.follow(status, body, headers)
    if status != 200 or 'name="password"' not in body:
        raise RuntimeError(f"{realm_name}: the username POST did not lead to the password form ({status})")
    return elapsed, browser, body


def idp_route(http, realm_name):
    """The username POST of an email at the IdP's domain; checks it answered the redirect to Keycloak's broker
    endpoint of the provider (which would then redirect to the provider itself; not followed)."""
    _, elapsed, status, body, headers = username_step(http, realm_name, "someone@" + IDP_DOMAIN)
    location = headers.get("Location", "") if status in (302, 303) else ""
    if f"/realms/{realm_name}/broker/sso-idp/login" not in location:
        raise RuntimeError(f"{realm_name}: the username POST at the IdP's domain answered {status} {location[:200]}")
    return elapsed


def full_login(http, realm_name):
    """One whole login up to the redirect with a code."""
    _, browser, page = password_route(http, realm_name)
    status, body, headers, _ = browser.request("POST", form_action(page, "password"), form={"password": PASSWORD})
    location = headers.get("Location", "")
    if status not in (302, 303) or not location.startswith(REDIRECT_URI) or "code=" not in location:
        raise RuntimeError(f"{realm_name}: the password POST answered {status} {location[:200]} {str(body)[:200]}")


def login_rate(http, realm_name, logins):
    start = time.perf_counter()
    for _ in range(logins):
        full_login(http, realm_name)
    return logins / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--domains", type=int, default=20000, help="verified domains in the big realm (default 20000)")
    parser.add_argument("--domains-per-org", type=int, default=100, help="domains per organization (default 100)")
    parser.add_argument("--small-domains", type=int, default=10, help="verified domains in the small realm (default 10)")
    parser.add_argument("--samples", type=int, default=500, help="username POSTs per route and realm (default 500)")
    parser.add_argument("--rounds", type=int, default=10, help="interleaved throughput rounds per realm (default 10)")
    parser.add_argument("--round-seconds", type=float, default=2.0, help="length of one round (default 2)")
    parser.add_argument("--import-json", action="store_true",
                        help="put the organizations in the realm JSON instead of creating them through the admin API"
                             " (Keycloak's import checks each domain with a query: on H2 20 000 domains exceed the"
                             " import transaction's timeout)")
    parser.add_argument("--keep", action="store_true", help="keep the realms")
    args = parser.parse_args()
    http = Connection()
    admin = Admin(http)
    sizes = {BIG: (max(1, args.domains // args.domains_per_org), args.domains_per_org),
             SMALL: (args.small_domains, 1)}
    imports = {}
    for name, (orgs, per_org) in sizes.items():
        started = time.perf_counter()
        admin.create_realm(realm(name, orgs, per_org, args.import_json))
        if not args.import_json:
            for i in range(orgs):
                admin.call("POST", f"/{name}/organizations", organization(i, per_org))
        imports[name] = time.perf_counter() - started
        print(f"{name}: {orgs} organizations x {per_org} domains (+1 with an IdP) created "
              f"{'in the realm JSON' if args.import_json else 'through the admin API'} in {imports[name]:.1f} s",
              flush=True)
    org0 = next(o for o in admin.get(f"/{BIG}/organizations?search=Organization%200&exact=true") if o["alias"] == "org-0")
    if not all(d.get("verified") for d in org0["domains"]):
        raise RuntimeError(f"org-0's domains are not verified: {org0['domains'][:3]}")
    for name in (BIG, SMALL):
        flow = next(e for e in admin.get(f"/{name}/authentication/flows/browser/executions")
                    if "organization" in (e.get("providerId") or ""))
        print(f"{name}: browser flow step {flow['providerId']!r} ({flow['displayName']})", flush=True)

    # warm-up, which also checks each path works
    for _ in range(20):
        for name in (BIG, SMALL):
            full_login(http, name)
            idp_route(http, name)

    kinds = [(BIG, "password"), (SMALL, "password"), (BIG, "IdP"), (SMALL, "IdP")]
    latencies = {kind: [] for kind in kinds}
    for i in range(args.samples):
        order = kinds if i % 2 == 0 else list(reversed(kinds))
        for name, route in order:
            elapsed = password_route(http, name)[0] if route == "password" else idp_route(http, name)
            latencies[(name, route)].append(elapsed)
    figures = {"domains": {BIG: args.domains, SMALL: args.small_domains},
               "import_seconds": {k: round(v, 1) for k, v in imports.items()}, "username_post": {}}
    stats = {kind: stats_ms(values) for kind, values in latencies.items()}
    rows = []
    for route in ("password", "IdP"):
        big, small = stats[(BIG, route)], stats[(SMALL, route)]
        figures["username_post"][route] = {"big": big, "small": small}
        rows.append((f"username POST, {route} route", f'{small["median"]} / {small["p99"]}',
                     f'{big["median"]} / {big["p99"]}', round(big["median"] / small["median"], 3),
                     round(big["p99"] / small["p99"], 3)))

    slowest = min(login_rate(http, name, 10) for name in (BIG, SMALL))
    logins = max(3, int(slowest * args.round_seconds))
    rates = {BIG: [], SMALL: []}
    for r in range(args.rounds):
        for name in ((BIG, SMALL) if r % 2 == 0 else (SMALL, BIG)):
            rates[name].append(login_rate(http, name, logins))
    median = {name: sorted(values)[len(values) // 2] for name, values in rates.items()}
    figures["logins"] = {"rounds": args.rounds, "logins_per_round": logins,
                         "big_per_s": round(median[BIG], 1), "small_per_s": round(median[SMALL], 1),
                         "ratio": round(median[BIG] / median[SMALL], 3),
                         "big_rounds": [round(x, 1) for x in rates[BIG]],
                         "small_rounds": [round(x, 1) for x in rates[SMALL]]}
    if not args.keep:
        for name in (BIG, SMALL):
            admin.delete_realm(name)
    lines = ["", f"Verified domains: {args.domains} in {BIG} (created in {imports[BIG]:.1f} s), "
             f"{args.small_domains} in {SMALL}; {args.samples} samples per row.", ""]
    lines += table([f"request ({args.samples} each, interleaved)", "small: median / p99 (ms)",
                    "big: median / p99 (ms)", "median ratio big/small", "p99 ratio big/small"], rows)
    lines += [""] + table(["full login to code", "small (logins/s)", "big (logins/s)", "ratio big/small"],
                          [(f"median of {args.rounds} rounds of {logins}", figures["logins"]["small_per_s"],
                            figures["logins"]["big_per_s"], figures["logins"]["ratio"])])
    report("routing", figures, lines)


if __name__ == "__main__":
    sys.exit(main())
