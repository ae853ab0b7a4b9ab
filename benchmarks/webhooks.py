"""Webhooks: what the outbox adds to a membership change, and how fast one node delivers to a local receiver.

Realms (created from realm JSON, each with organization `bench-org` and users `user-NNNN@bench-webhooks.test`):

- `bench-webhooks`: tenancy on, realm attribute `tenancy.webhooks.allow-private-targets=true`, one organization
  webhook and one realm-level webhook subscribed to `member.added` and `member.removed`, posting to a receiver that
  this script runs on 127.0.0.1 in a process of its own (it answers 204 at once, HTTP/1.1, listen backlog 128);
- `bench-webhooks-quiet`: tenancy on, no webhooks (every change still writes its audit record);
- `bench-webhooks-plain`: tenancy off (Keycloak alone), the reference.

1. Cost per membership change: Keycloak's admin `POST /admin/realms/{realm}/organizations/{id}/members` (a join: the
   pack's join listener writes the audit record and, where webhooks hear it, one outbox row per webhook) and
   `DELETE …/members/{user}` (a leave), --samples times each (default 200), the three realms interleaved round by
   round. Printed: median and p90 per realm, and the paired ratios: with webhooks / quiet (the outbox rows: the
   goal is at most 1.05) and quiet / plain (everything the pack does on a join or leave, the audit record included).
2. Delivery throughput: the organization gets 19 more webhooks and the realm 19 more (20 + 20, all for
   `member.added`); then --changes users (default 50) join one after another, 40 messages each. Printed: messages
   received, distinct `webhook-id`s, and messages per second between the first and the last arrival (the goal is at
   least 500/s) and from the first change to the last arrival. One Keycloak node; its poll interval is 3 s.

Figures only: nothing passes or fails on timing. The realms are deleted at the end (--keep keeps them).
Try it quickly with: python3 webhooks.py --samples 30 --changes 20"""

import argparse
import http.server
import multiprocessing
import queue
import time

from lib.kcbench import Admin, check, paired_ratio, report, stats_ms, table

REALMS = {"hooked": "bench-webhooks", "quiet": "bench-webhooks-quiet", "plain": "bench-webhooks-plain"}
ORG = "bench-org"


def user_name(i):
    return f"user-{i:04d}@bench-webhooks.test"


def realm(name, tenancy, users):
    attributes = {}
    if tenancy:
        attributes = {"tenancy.enabled": "true", "tenancy.webhooks.allow-private-targets": "true"}
    return {"realm": name, "enabled": True, "organizationsEnabled": True, "attributes": attributes,
            "users": [{"username": user_name(i), "email": user_name(i), "emailVerified": True, "enabled": True,
                       "firstName": "Bench", "lastName": f"{i:04d}"} for i in range(users)],
            "organizations": [{"name": ORG, "alias": ORG, "enabled": True,
                               "domains": [{"name": "bench-webhooks.test"}]}]}


def serve(port_out, arrivals_out):
    """The receiver's own process: answers each POST with 204 and reports (when, webhook-id) to the benchmark."""

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            self.rfile.read(int(self.headers.get("content-length", 0)))
            arrivals_out.put((time.monotonic(), self.headers.get("webhook-id")))
            self.send_response(204)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    class Server(http.server.ThreadingHTTPServer):
        # A listen backlog as production servers have (nginx: 511); Python's default of 5 drops connections
        # when many arrive at once, and each message comes on a connection of its own.
        request_queue_size = 128

    server = Server(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    port_out.put(server.server_address[1])
    server.serve_forever()


class Receiver:
    """Takes webhook POSTs on 127.0.0.1 in a process of its own (as a real receiver is: its work must not share the
    timing client's interpreter lock) and remembers when each came and its webhook-id."""

    def __init__(self):
        self.arrivals = []
        port = multiprocessing.Queue()
        self.queue = multiprocessing.Queue()
        self.process = multiprocessing.Process(target=serve, args=(port, self.queue), daemon=True)
        self.process.start()
        self.url = f"http://127.0.0.1:{port.get(timeout=30)}/hooks"

    def _drain(self):
        while True:
            try:
                self.arrivals.append(self.queue.get_nowait())
            except queue.Empty:
                return

    def count(self):
        self._drain()
        return len(self.arrivals)

    def wait_for(self, total, timeout):
        end = time.time() + timeout
        while self.count() < total and time.time() < end:
            time.sleep(0.05)
        return list(self.arrivals)

    def stop(self):
        self.process.terminate()


def subscribe(admin, path, url, events):
    _, body, _, _ = admin.call("POST", path, {"url": url, "events": events})
    check(body.get("secret", "").startswith("whsec_"), "the webhook's secret is shown at creation")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=200, help="joins and leaves timed per realm")
    parser.add_argument("--changes", type=int, default=50, help="joins of the throughput run (40 messages each)")
    parser.add_argument("--keep", action="store_true", help="keep the realms")
    args = parser.parse_args()

    admin = Admin()
    receiver = Receiver()
    users = max(args.changes, 1) + 1
    for key, name in REALMS.items():
        admin.create_realm(realm(name, key != "plain", users))
    organizations = {key: admin.organization_id(name, ORG) for key, name in REALMS.items()}
    user_ids = {key: admin.user_id(name, user_name(0)) for key, name in REALMS.items()}
    hooked = REALMS["hooked"]
    events = ["member.added", "member.removed"]
    subscribe(admin, f"/{hooked}/tenancy/organizations/{ORG}/webhooks", receiver.url, events)
    subscribe(admin, f"/{hooked}/tenancy/webhooks", receiver.url, events)

    # 1. cost per membership change
    times = {key: {"join": [], "leave": []} for key in REALMS}
    for sample in range(args.samples):
        order = list(REALMS) if sample % 2 == 0 else list(reversed(REALMS))
        for key in order:
            base = f"/{REALMS[key]}/organizations/{organizations[key]}/members"
            _, _, _, joined = admin.call("POST", base, user_ids[key])
            _, _, _, left = admin.call("DELETE", f"{base}/{user_ids[key]}")
            times[key]["join"].append(joined)
            times[key]["leave"].append(left)
    expected = 2 * 2 * args.samples
    arrived = receiver.wait_for(expected, 120)
    check(len(arrived) >= expected, f"{expected} messages of the cost run arrive ({len(arrived)} did)")

    rows, figures = [], {"cost": {}, "throughput": {}}
    for change in ("join", "leave"):
        stats = {key: stats_ms(times[key][change]) for key in REALMS}
        outbox = paired_ratio(times["hooked"][change], times["quiet"][change])
        pack = paired_ratio(times["quiet"][change], times["plain"][change])
        figures["cost"][change] = {"stats": stats, "webhooks_over_quiet": outbox, "quiet_over_plain": pack}
        rows.append([change, stats["plain"]["median"], stats["quiet"]["median"], stats["hooked"]["median"],
                     stats["hooked"]["p90"], outbox, pack])

    # 2. delivery throughput
    for i in range(19):
        subscribe(admin, f"/{hooked}/tenancy/organizations/{ORG}/webhooks", receiver.url, ["member.added"])
        subscribe(admin, f"/{hooked}/tenancy/webhooks", receiver.url, ["member.added"])
    before = receiver.count()
    base = f"/{hooked}/organizations/{organizations['hooked']}/members"
    joiners = [admin.user_id(hooked, user_name(i)) for i in range(1, args.changes + 1)]
    started = time.monotonic()
    for joiner in joiners:
        admin.call("POST", base, joiner)
    enqueued = time.monotonic() - started
    total = before + 40 * args.changes
    arrivals = receiver.wait_for(total, 300)[before:]
    check(len(arrivals) >= 40 * args.changes, f"{40 * args.changes} messages arrive ({len(arrivals)} did)")
    first, last = arrivals[0][0], arrivals[-1][0]
    distinct = len({webhook_id for _, webhook_id in arrivals})
    rate = round(len(arrivals) / (last - first), 1) if last > first else None
    end_to_end = round(len(arrivals) / (last - started), 1)
    figures["throughput"] = {"messages": len(arrivals), "distinct_ids": distinct, "changes": args.changes,
                             "enqueue_seconds": round(enqueued, 3), "first_to_last_per_second": rate,
                             "change_to_last_per_second": end_to_end, "seconds_first_to_last": round(last - first, 3)}

    lines = ["Cost per membership change (Keycloak's admin API, ms)", ""]
    lines += table(["change", "plain median", "tenancy median", "tenancy + 2 webhooks median",
                    "tenancy + 2 webhooks p90", "webhooks / quiet (goal <= 1.05)", "tenancy / plain"], rows)
    lines += ["", "Delivery throughput, one node to a local receiver", ""]
    lines += table(["messages", "distinct webhook-ids", "first to last arrival (s)", "messages/s (goal >= 500)",
                    "messages/s from the first change"],
                   [[len(arrivals), distinct, round(last - first, 3), rate, end_to_end]])
    report("webhooks", figures, lines)
    if not args.keep:
        for name in REALMS.values():
            admin.delete_realm(name)
    receiver.stop()


if __name__ == "__main__":
    main()
