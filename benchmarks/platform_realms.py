#!/usr/bin/env python3
"""Provisions tenant realms one by one through the pack's API and measures login latency (password grant of a
user in the first tenant) with 1 tenant realm and again with N. Standard library only; prints JSON figures.
Usage: platform_realms.py BASE_URL TENANTS LOGINS"""
import json
import statistics
import sys
import time
import urllib.parse
import urllib.request


def call(method, url, token=None, body=None, form=None):
    data, headers = None, {}
    if body is not None:
        data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if token:
        headers["Authorization"] = "Bearer " + token
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    with urllib.request.urlopen(request) as response:
        text = response.read().decode()
        return response.status, (json.loads(text) if text else None)


def admin_token(base):
    return call("POST", f"{base}/realms/master/protocol/openid-connect/token",
                form={"grant_type": "password", "client_id": "admin-cli", "username": "admin", "password": "admin"})[1]["access_token"]


def provision(base, name):
    body = {"realm": name, "template": "university", "displayName": name.upper(),
            "branding": {"displayName": name.upper(), "primaryColor": "#1d4ed8"},
            "limits": {"maxUsers": 1000}, "administrator": {"email": f"it@{name}.example"}}
    started = time.perf_counter()
    status, _ = call("POST", f"{base}/admin/realms/master/tenancy/tenants", admin_token(base), body)
    elapsed = (time.perf_counter() - started) * 1000
    assert status == 201, status
    return elapsed


def login_latency(base, realm, logins):
    form = {"grant_type": "password", "client_id": "admin-cli", "username": "student@example.test",
            "password": "Student-password-1"}
    for _ in range(20):
        call("POST", f"{base}/realms/{realm}/protocol/openid-connect/token", form=form)
    timings = []
    for _ in range(logins):
        started = time.perf_counter()
        call("POST", f"{base}/realms/{realm}/protocol/openid-connect/token", form=form)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), statistics.mean(timings)


def main():
    base, tenants, logins = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    provisioning = [provision(base, "bench-001")]
    token = admin_token(base)
    call("POST", f"{base}/admin/realms/bench-001/users", token, {
        "username": "student@example.test", "email": "student@example.test", "enabled": True, "emailVerified": True,
        "firstName": "Stu", "lastName": "Dent",
        "credentials": [{"type": "password", "value": "Student-password-1", "temporary": False}]})
    one_median, one_mean = login_latency(base, "bench-001", logins)
    for i in range(2, tenants + 1):
        provisioning.append(provision(base, f"bench-{i:03d}"))
    many_median, many_mean = login_latency(base, "bench-001", logins)
    print(json.dumps({
        "tenants": tenants,
        "provisioning_ms": {"median": round(statistics.median(provisioning), 1),
                            "mean": round(statistics.mean(provisioning), 1),
                            "min": round(min(provisioning), 1), "max": round(max(provisioning), 1)},
        "login_ms_with_1_tenant": {"median": round(one_median, 2), "mean": round(one_mean, 2)},
        f"login_ms_with_{tenants}_tenants": {"median": round(many_median, 2), "mean": round(many_mean, 2)},
        "login_ratio_median": round(many_median / one_median, 3),
        "login_ratio_mean": round(many_mean / one_mean, 3),
    }, indent=2))


if __name__ == "__main__":
    main()
