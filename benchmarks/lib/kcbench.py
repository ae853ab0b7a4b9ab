"""Shared parts of the benchmarks: one keep-alive HTTP connection to Keycloak, the admin calls they set up data
with, timing statistics and the report each benchmark prints and writes. Standard library only."""

import base64
import http.client
import json
import os
import re
import statistics
import subprocess
import time
import urllib.parse

BASE_URL = os.environ.get("KC_BENCH_URL", "http://localhost:8080")
RESULTS_DIR = os.path.join(os.path.dirname(__file__), "..", "..", "providers", "target", "benchmarks")


class HttpError(Exception):
    def __init__(self, method, path, status, body):
        super().__init__(f"{method} {path} answered {status}: {body[:300]}")
        self.status = status


class Connection:
    """One keep-alive connection, so each timing is Keycloak's work plus one round trip on loopback."""

    def __init__(self, base_url=BASE_URL):
        parsed = urllib.parse.urlsplit(base_url)
        self.host, self.port = parsed.hostname, parsed.port or 80
        self.conn = None

    def request(self, method, path, body=None, token=None, form=None, headers=None, expect=(200, 201, 204),
                parse=True):
        """Returns (status, parsed JSON or text, headers, seconds). Raises HttpError on an unexpected status.
        With parse=False the body comes back as bytes, for callers that time many large answers and should not
        count the client's JSON parsing in them."""
        all_headers = dict(headers or {})
        data = None
        if form is not None:
            data = urllib.parse.urlencode(form)
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            data = json.dumps(body)
            all_headers["Content-Type"] = "application/json"
        if token:
            all_headers["Authorization"] = "Bearer " + token
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=600)
            try:
                start = time.perf_counter()
                self.conn.request(method, path, body=data, headers=all_headers)
                response = self.conn.getresponse()
                raw = response.read()
                elapsed = time.perf_counter() - start
                break
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        if not parse and response.status in expect:
            return response.status, raw, response.headers, elapsed
        text = raw.decode("utf-8", "replace")
        try:
            payload = json.loads(text) if text else None
        except ValueError:
            payload = text
        if expect and response.status not in expect:
            raise HttpError(method, path, response.status, text)
        return response.status, payload, response.headers, elapsed


class Admin:
    """Admin REST calls as the demo's master admin; the 60-second token is renewed before it runs out."""

    def __init__(self, connection=None, username="admin", password="admin"):
        self.http = connection or Connection()
        self.username, self.password = username, password
        self.token, self.expires = None, 0

    def _token(self):
        if time.time() > self.expires - 10:
            _, body, _, _ = self.http.request("POST", "/realms/master/protocol/openid-connect/token", form={
                "grant_type": "password", "client_id": "admin-cli",
                "username": self.username, "password": self.password})
            self.token, self.expires = body["access_token"], time.time() + body["expires_in"]
        return self.token

    def call(self, method, path, body=None, expect=(200, 201, 204)):
        return self.http.request(method, "/admin/realms" + path, body=body, token=self._token(), expect=expect)

    def get(self, path):
        return self.call("GET", path)[1]

    def created_id(self, method, path, body):
        """Creates a resource and returns the id at the end of its Location header."""
        _, _, headers, _ = self.call(method, path, body)
        return headers["Location"].rstrip("/").rsplit("/", 1)[1]

    def delete_realm(self, realm):
        self.call("DELETE", "/" + realm, expect=(204, 404))

    def create_realm(self, representation):
        """Replaces any realm of that name; big realms (many organizations) take a while to import."""
        self.delete_realm(representation["realm"])
        self.call("POST", "", representation)

    def user_id(self, realm, username):
        users = self.get(f"/{realm}/users?exact=true&username={urllib.parse.quote(username)}")
        return users[0]["id"]

    def organization_id(self, realm, alias):
        """Keycloak searches organizations by name: the benchmarks name each organization after its alias."""
        found = self.get(f"/{realm}/organizations?exact=true&search={urllib.parse.quote(alias)}")
        return next(o["id"] for o in found if o["alias"] == alias)


def password_grant(http, realm, client_id, username, password, scope="openid"):
    _, body, _, _ = http.request("POST", f"/realms/{realm}/protocol/openid-connect/token", form={
        "grant_type": "password", "client_id": client_id, "username": username, "password": password,
        "scope": scope})
    return body


def claims(jwt):
    """The payload of a signed token, to check a benchmark measures the token it means to."""
    payload = jwt.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def check(condition, message):
    """Stops a benchmark whose setup did not produce what it measures."""
    if not condition:
        raise SystemExit("setup check failed: " + message)


def user(username, password, email=None, **extra):
    representation = {"username": username, "enabled": True, "email": email or username, "emailVerified": True,
                      "firstName": "Bench", "lastName": username.split("@")[0],
                      "credentials": [{"type": "password", "value": password, "temporary": False}]}
    representation.update(extra)
    return representation


def public_client(client_id, **extra):
    """A public client with the password grant and the organization scope, as the demo's demo-cli; it opts in to the
    pack's organization claim (tenancy.claim.form=full), which clients that chose nothing do not get."""
    representation = {"clientId": client_id, "publicClient": True, "directAccessGrantsEnabled": True,
                      "standardFlowEnabled": True, "redirectUris": ["http://localhost:3000/*"],
                      "defaultClientScopes": ["basic", "profile", "email", "roles", "web-origins", "acr"],
                      "optionalClientScopes": ["organization"],
                      "attributes": {"tenancy.claim.form": "full"}}
    representation.update(extra)
    return representation


def stats_ms(seconds):
    """Median, mean, p90, p99 and max of a list of durations in seconds, in milliseconds."""
    ms = sorted(s * 1000 for s in seconds)

    def pct(p):
        return ms[min(len(ms) - 1, max(0, int(round(p / 100 * len(ms))) - 1))]

    return {"n": len(ms), "median": round(statistics.median(ms), 3), "mean": round(statistics.fmean(ms), 3),
            "p90": round(pct(90), 3), "p99": round(pct(99), 3), "max": round(ms[-1], 3)}


def paired_ratio(with_pack, without_pack):
    """The median of round-by-round ratios: each round of one realm sits next to a round of the other, so a server
    still warming up, or a noisy neighbour, weighs on both sides of each ratio alike."""
    return round(statistics.median(a / b for a, b in zip(with_pack, without_pack)), 3)


def report(name, figures, lines):
    """Prints the lines and writes the figures as JSON to providers/target/benchmarks/NAME.json."""
    for line in lines:
        print(line)
    os.makedirs(RESULTS_DIR, exist_ok=True)
    path = os.path.join(RESULTS_DIR, name + ".json")
    with open(path, "w") as out:
        json.dump(figures, out, indent=2)
    print(f"(figures written to {os.path.relpath(path)})")


def table(header, rows):
    """A Markdown table, so figures can be pasted into docs/benchmarks.md as printed."""
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return out


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu_seconds(pid):
    """utime + stime of one process, in seconds."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def keycloak_pid(port):
    """The process listening on Keycloak's HTTP port (KC_BENCH_PID overrides)."""
    if os.environ.get("KC_BENCH_PID"):
        return int(os.environ["KC_BENCH_PID"])
    out = subprocess.run(["ss", "-Hltnp", f"sport = :{port}"], capture_output=True, text=True).stdout
    found = re.search(r"pid=(\d+)", out)
    check(found is not None, f"no process found listening on port {port} (set KC_BENCH_PID)")
    return int(found.group(1))
