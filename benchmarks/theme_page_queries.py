#!/usr/bin/env python3
"""Counts the SQL statements PostgreSQL logs for re-rendering a login page that is already open (the second and
later pages of a login), for one login page URL. Standard library only.
Usage: theme_page_queries.py LOGIN_URL POSTGRES_LOG DATABASE RENDERS"""
import json
import re
import sys
import time
import urllib.request


def main():
    url, log_path, database, renders = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    opener = LoopbackCookies()
    with opener.open(url) as response:
        first_page = response.read().decode()
    action = re.search(r'action="([^"]+login-actions/authenticate[^"]*)"', first_page).group(1).replace("&amp;", "&")
    again = re.sub(r"session_code=[^&]*&?", "", action)
    with opener.open(again) as response:
        response.read()
    time.sleep(1)
    start = log_size(log_path)
    for _ in range(renders):
        with opener.open(again) as response:
            page = response.read().decode()
    time.sleep(1)
    statements = count_statements(log_path, start, database)
    print(json.dumps({"renders": renders, "statements": statements,
                      "statements_per_render": round(statements / renders, 2),
                      "tenancy_theme": "/login/tenancy/css/tenancy.css" in page,
                      "page_title": title(page), "first_page_title": title(first_page)}))


def title(page):
    without_comments = re.sub(r"<!--.*?-->", "", page, flags=re.S)
    found = re.search(r'id="kc-page-title">\s*([^<]*?)\s*<', without_comments)
    return found.group(1) if found else None


class LoopbackCookies:
    """Keeps cookies as a browser does on http://localhost: Python's cookie jar drops Keycloak's Secure cookies."""

    def __init__(self):
        self.cookies = {}

    def open(self, url):
        request = urllib.request.Request(url)
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        response = urllib.request.build_opener(NoRedirect).open(request)
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


def log_size(path):
    with open(path, "rb") as log:
        return log.seek(0, 2)


def count_statements(path, start, database):
    with open(path, "rb") as log:
        log.seek(start)
        text = log.read().decode(errors="replace")
    return sum(1 for line in text.splitlines() if f"@{database} " in line and ("statement:" in line or "execute " in line))


if __name__ == "__main__":
    main()
