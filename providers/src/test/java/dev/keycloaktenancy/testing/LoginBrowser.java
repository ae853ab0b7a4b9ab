package dev.keycloaktenancy.testing;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A minimal browser for driving Keycloak's real login pages: it keeps cookies, follows redirects, parses the HTML
 * page it lands on and submits its forms the way a browser would (hidden fields included). It stops when a redirect
 * leaves for the application's redirect URI, which is where the authorization code arrives.
 */
public final class LoginBrowser {

    private static final int MAX_REDIRECTS = 20;

    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new LoopbackCookieJar())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final String appRedirectUri;
    private URI appRedirect;
    private Document page;
    private int status;

    public LoginBrowser(String appRedirectUri) {
        this.appRedirectUri = appRedirectUri;
    }

    /** Opens a URL; returns the page shown, or null once the browser was sent back to the application. */
    public Document open(String url) {
        return navigate(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    /**
     * Fills the page's form that contains all given fields and submits it. Values the caller does not give keep the
     * form's own (hidden fields, pre-filled inputs).
     */
    public Document submit(Map<String, String> values) {
        if (page == null) {
            throw new IllegalStateException("No page is shown");
        }
        Element form = page.select("form").stream()
                .filter(f -> values.keySet().stream().allMatch(name -> !f.select("[name=\"" + name + "\"]").isEmpty()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No form with fields " + values.keySet() + " on "
                        + page.location() + " (forms have: " + page.select("form").stream()
                        .map(f -> f.select("[name]").eachAttr("name").toString()).toList() + "):\n" + page.body().text()));
        Map<String, String> fields = new LinkedHashMap<>();
        for (Element input : form.select("input[name]")) {
            String type = input.attr("type");
            if (type.equals("submit") || type.equals("checkbox") && !input.hasAttr("checked")) {
                continue;
            }
            fields.put(input.attr("name"), input.val());
        }
        fields.putAll(values);
        URI action = URI.create(page.location()).resolve(form.attr("action"));
        String body = fields.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return navigate(HttpRequest.newBuilder(action)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** Where the login ended: the application's redirect URI with the code, or null while a page is shown. */
    public URI appRedirect() {
        return appRedirect;
    }

    public Document page() {
        return page;
    }

    public int status() {
        return status;
    }

    private Document navigate(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            for (int i = 0; i < MAX_REDIRECTS && isRedirect(response.statusCode()); i++) {
                URI next = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
                if (next.toString().startsWith(appRedirectUri)) {
                    appRedirect = next;
                    page = null;
                    status = response.statusCode();
                    return null;
                }
                response = http.send(HttpRequest.newBuilder(next).GET().build(), HttpResponse.BodyHandlers.ofString());
            }
            status = response.statusCode();
            page = Jsoup.parse(response.body(), response.uri().toString());
            return page;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * Keeps cookies the way a browser does for http://localhost, which browsers treat as a secure context: Keycloak's
     * {@code Secure} cookies are sent back over plain HTTP on loopback (the JDK's CookieManager would drop them).
     */
    private static final class LoopbackCookieJar extends CookieHandler {
        private final Map<String, HttpCookie> cookies = new LinkedHashMap<>();

        @Override
        public synchronized Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
            String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
            cookies.values().removeIf(HttpCookie::hasExpired);
            String header = cookies.values().stream()
                    .filter(c -> path.startsWith(c.getPath() == null ? "/" : c.getPath()))
                    .map(c -> c.getName() + "=" + c.getValue())
                    .collect(Collectors.joining("; "));
            return header.isEmpty() ? Map.of() : Map.of("Cookie", List.of(header));
        }

        @Override
        public synchronized void put(URI uri, Map<String, List<String>> responseHeaders) {
            for (Map.Entry<String, List<String>> header : responseHeaders.entrySet()) {
                if (header.getKey() == null || !header.getKey().equalsIgnoreCase("Set-Cookie")) {
                    continue;
                }
                for (String value : header.getValue()) {
                    for (HttpCookie cookie : HttpCookie.parse(value)) {
                        if (cookie.getPath() == null) {
                            cookie.setPath("/");
                        }
                        String key = cookie.getName() + "|" + cookie.getPath();
                        if (cookie.hasExpired() || cookie.getMaxAge() == 0) {
                            cookies.remove(key);
                        } else {
                            cookies.put(key, cookie);
                        }
                    }
                }
            }
        }
    }
}
