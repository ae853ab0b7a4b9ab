"""HTTP helpers shared by the production-mode checks (.ci/production-smoke, .ci/cluster-check): JSON calls to
Keycloak's APIs, an admin token, token claims, and a small browser that logs in through real login pages."""
import base64, hashlib, html, http.cookiejar, json, re, secrets, sys
import urllib.error, urllib.parse, urllib.request

APP_CALLBACK = "http://localhost:3000/callback"


def call(method, url, token=None, body=None, form=None):
    data, headers = None, {}
    if body is not None:
        data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
    if form is not None:
        data, headers["Content-Type"] = urllib.parse.urlencode(form).encode(), "application/x-www-form-urlencoded"
    if token:
        headers["Authorization"] = "Bearer " + token
    with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers, method=method),
                                timeout=60) as answer:
        text = answer.read().decode()
        return json.loads(text) if text and answer.headers.get_content_type() == "application/json" else text


def status(method, url, token=None, body=None, form=None):
    """The HTTP status of a call; 0 when the server went away or did not answer."""
    try:
        call(method, url, token, body, form)
        return 200
    except urllib.error.HTTPError as refused:
        return refused.code
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0


def admin(node):
    return call("POST", f"{node}/realms/master/protocol/openid-connect/token", form={
        "grant_type": "password", "client_id": "admin-cli", "username": "admin", "password": "admin"})["access_token"]


def claims(token):
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def check(what, got, expected):
    if got != expected:
        sys.exit(f"Check failed: {what}: got {got!r}, expected {expected!r}")
    print(f"ok: {what}")


class _StopAtTheApplication(urllib.request.HTTPRedirectHandler):
    """Follows Keycloak's own redirects; the one to the application (which does not run here) ends the login."""

    def redirect_request(self, request, fp, code, message, headers, new_url):
        if new_url.startswith(APP_CALLBACK):
            return None
        return super().redirect_request(request, fp, code, message, headers, new_url)


class Browser:
    """Logs in to an application (code + PKCE) through the login pages, keeping cookies as a browser does."""

    def __init__(self, client_id="demo-app"):
        self.client_id = client_id
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies),
                                                  _StopAtTheApplication)
        self.verifier = secrets.token_urlsafe(48)
        self.url = ""

    def authorization_url(self, base, realm, scope):
        challenge = base64.urlsafe_b64encode(hashlib.sha256(self.verifier.encode()).digest()).decode().rstrip("=")
        return f"{base}/realms/{realm}/protocol/openid-connect/auth?" + urllib.parse.urlencode({
            "client_id": self.client_id, "response_type": "code", "scope": scope, "redirect_uri": APP_CALLBACK,
            "code_challenge": challenge, "code_challenge_method": "S256"})

    def open(self, request):
        """Returns (status, page, headers). Keycloak marks its cookies Secure even over plain HTTP on a loopback
        address, which browsers accept there and Python's cookie jar does not: the flag is cleared."""
        try:
            with self.opener.open(request, timeout=60) as answer:
                self.url = answer.url
                return answer.status, answer.read().decode(), answer.headers
        except urllib.error.HTTPError as answer:
            self.url = answer.url
            return answer.code, answer.read().decode(), answer.headers
        finally:
            for cookie in self.cookies:
                cookie.secure = False

    def submit(self, page, fields, rewrite=lambda url: url):
        """Posts the page's login form with the given fields; rewrite changes the form's address."""
        found = re.search(r'<form[^>]*action="([^"]+)"', page)
        if not found:
            sys.exit("Check failed: expected a login form, got: " + re.sub(r"\s+", " ", page)[:600])
        action = rewrite(html.unescape(found.group(1)))
        return self.open(urllib.request.Request(action, data=urllib.parse.urlencode(fields).encode()))

    def exchange(self, base, realm, headers):
        """Exchanges the code of the redirect to the application for tokens."""
        location = headers.get("Location", "")
        if not location.startswith(APP_CALLBACK + "?"):
            sys.exit(f"Check failed: expected the redirect to the application, got {location!r} at {self.url}")
        code = urllib.parse.parse_qs(urllib.parse.urlparse(location).query)["code"][0]
        return call("POST", f"{base}/realms/{realm}/protocol/openid-connect/token", form={
            "grant_type": "authorization_code", "client_id": self.client_id, "code": code,
            "code_verifier": self.verifier, "redirect_uri": APP_CALLBACK})
