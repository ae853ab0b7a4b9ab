#!/usr/bin/env python3
"""Times partial imports of users into a tenant without a user limit and into one with a limit, request by request
in turns (which tenant goes first alternates). A warm-up tenant takes one import first. Standard library only;
prints JSON figures.
Usage: user_limit_import.py BASE_URL USERS PER_REQUEST"""
import json
import sys
import time

from platform_realms import admin_token, call


def provision(base, name, max_users):
    body = {"realm": name, "template": "university", "administrator": {"email": f"it@{name}.example"}}
    if max_users:
        body["limits"] = {"maxUsers": max_users}
    status, _ = call("POST", f"{base}/admin/realms/master/tenancy/tenants", admin_token(base), body)
    assert status == 201, status


def import_batch(base, realm, first, last):
    """Imports users first..last-1 in one request; returns its milliseconds."""
    batch = [{"username": f"user{i}@{realm}.example", "email": f"user{i}@{realm}.example", "enabled": True,
              "firstName": "Bench", "lastName": f"User {i}"} for i in range(first, last)]
    token = admin_token(base)
    started = time.perf_counter()
    status, result = call("POST", f"{base}/admin/realms/{realm}/partialImport", token,
                          {"ifResourceExists": "SKIP", "users": batch})
    elapsed = (time.perf_counter() - started) * 1000
    assert status == 200 and result["added"] == len(batch), (status, result)
    return elapsed


def user_count(base, realm):
    return call("GET", f"{base}/admin/realms/{realm}/users/count", admin_token(base))[1]


def main():
    base, users, per_request = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    provision(base, "bench-warm-up", None)
    import_batch(base, "bench-warm-up", 0, min(users, 500))
    provision(base, "bench-unlimited", None)
    provision(base, "bench-limited", users + 10)
    spent = {"bench-unlimited": 0.0, "bench-limited": 0.0}
    for turn, first in enumerate(range(0, users, per_request)):
        order = ["bench-unlimited", "bench-limited"] if turn % 2 == 0 else ["bench-limited", "bench-unlimited"]
        for realm in order:
            spent[realm] += import_batch(base, realm, first, min(users, first + per_request))
    unlimited, limited = spent["bench-unlimited"], spent["bench-limited"]
    print(json.dumps({
        "users": users, "per_request": per_request,
        "without_limit_ms": round(unlimited), "with_limit_ms": round(limited),
        "ratio": round(limited / unlimited, 3),
        "users_in_each": {"without_limit": user_count(base, "bench-unlimited"),
                          "with_limit": user_count(base, "bench-limited")},
    }, indent=2))


if __name__ == "__main__":
    main()
