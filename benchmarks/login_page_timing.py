#!/usr/bin/env python3
"""Times GET requests of one login page URL, each with a fresh cookie jar (a new login every time), and prints
the figures as JSON. Standard library only. Usage: login_page_timing.py URL REQUESTS WARMUP"""
import json
import statistics
import sys
import time
import urllib.request


def fetch(url):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    started = time.perf_counter()
    with opener.open(url) as response:
        body = response.read()
    return time.perf_counter() - started, body


def main():
    url, requests, warmup = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    for _ in range(warmup):
        fetch(url)
    timings = []
    body = b""
    for _ in range(requests):
        elapsed, body = fetch(url)
        timings.append(elapsed * 1000)
    timings.sort()
    print(json.dumps({
        "requests": requests,
        "mean_ms": round(statistics.mean(timings), 3),
        "median_ms": round(statistics.median(timings), 3),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 3),
        "tenancy_theme": b"/login/tenancy/css/tenancy.css" in body,
    }))


if __name__ == "__main__":
    main()
