package dev.keycloaktenancy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * nginx (Debian's package, which {@code ./test.sh} installs) on loopback in front of the test server, configured as
 * docs/vanity-domains.md tells operators: each tenant hostname forwards its own realm and the static resources, and
 * refuses everything else, the admin console and other realms included. Tenant hostnames resolve to nothing here:
 * {@link #http()} sends every request through nginx as a forward proxy would, and browsers map them with Chromium's
 * host resolver rules, so no /etc/hosts entry is needed.
 */
public final class ReverseProxy implements AutoCloseable {

    /** Debian's path unless ./test.sh found nginx elsewhere (system property tenancy.test.nginx). */
    private static final Path NGINX = Path.of(System.getProperty("tenancy.test.nginx", "/usr/sbin/nginx"));

    private final Process process;
    private final int port;
    private final Path folder;

    /** Starts nginx for these hostnames (without port), each serving the realm it maps to. */
    public static ReverseProxy start(String upstream, Map<String, String> realmByHostname) {
        if (!Files.isExecutable(NGINX)) {
            throw new IllegalStateException("nginx is not installed (" + NGINX + "): ./test.sh says how to install it");
        }
        try {
            int port = freePort();
            Path folder = Path.of("target", "nginx-" + port).toAbsolutePath();
            Files.createDirectories(folder.resolve("temp"));
            Path config = folder.resolve("nginx.conf");
            Files.writeString(config, configuration(folder, port, upstream, realmByHostname));
            Process process = new ProcessBuilder(NGINX.toString(), "-p", folder.toString(), "-c", config.toString())
                    .redirectErrorStream(true).redirectOutput(folder.resolve("nginx.out").toFile()).start();
            ReverseProxy proxy = new ReverseProxy(process, port, folder);
            proxy.awaitListening();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ReverseProxy(Process process, int port, Path folder) {
        this.process = process;
        this.port = port;
        this.folder = folder;
    }

    /** The port nginx listens on, on 127.0.0.1: part of each tenant's hostname in these tests. */
    public int port() {
        return port;
    }

    /** An HTTP client whose requests all go to nginx, the request line naming the tenant hostname. */
    public HttpClient http() {
        return HttpClient.newBuilder()
                .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port)))
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** A GET through nginx. */
    public HttpResponse<String> get(String url, String bearerToken) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        return send(request.GET().build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String configuration(Path folder, int port, String upstream, Map<String, String> realmByHostname) {
        String tenants = realmByHostname.entrySet().stream()
                .map(tenant -> "        " + tenant.getKey() + " " + tenant.getValue() + ";")
                .collect(Collectors.joining("\n"));
        String temp = folder.resolve("temp").toString();
        return """
                daemon off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 128; }
                http {
                    access_log %1$s/access.log;
                    client_body_temp_path %2$s/body;
                    proxy_temp_path %2$s/proxy;
                    fastcgi_temp_path %2$s/fastcgi;
                    uwsgi_temp_path %2$s/uwsgi;
                    scgi_temp_path %2$s/scgi;

                    # Which realm each tenant hostname serves.
                    map $host $tenant_realm {
                        default "";
                %3$s
                    }

                    server {
                        listen 127.0.0.1:%4$d;
                        server_name _;

                        # Keycloak's login pages set large cookies; nothing is buffered to disk.
                        proxy_max_temp_file_size 0;
                        client_body_buffer_size 1m;
                        proxy_buffer_size 128k;
                        proxy_buffers 4 256k;
                        proxy_busy_buffers_size 256k;
                        # Keycloak's redirects to the platform's hostname (the admin console) must stay as they are,
                        # where nginx's default would rewrite them onto the tenant's hostname.
                        proxy_redirect off;
                        proxy_set_header Host $http_host;
                        proxy_set_header X-Forwarded-For $remote_addr;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        proxy_set_header X-Forwarded-Host $host;
                        proxy_set_header X-Forwarded-Port $server_port;
                        proxy_set_header Forwarded "";

                        if ($tenant_realm = "") {
                            return 404;
                        }
                        # nginx matches locations on the decoded, normalised path but forwards the path as sent:
                        # refuse the paths on which the two differ, so the realm checked is the realm served.
                        if ($request_uri ~* "^[^?]*(%%2f|%%5c|%%2e|%%25|//|/\\.\\.?(/|\\?|$))") {
                            return 400;
                        }
                        location /admin/ {
                            return 403;
                        }
                        location /resources/ {
                            proxy_pass %5$s;
                        }
                        location ~ ^/realms/(?<path_realm>[^/]+)/ {
                            if ($path_realm != $tenant_realm) {
                                return 404;
                            }
                            proxy_pass %5$s;
                        }
                        location / {
                            return 404;
                        }
                    }
                }
                """.formatted(folder, temp, tenants, port, upstream);
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("nginx stopped at start; see " + folder.resolve("nginx.out")
                            + " and " + folder.resolve("error.log"));
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("nginx did not listen on port " + port + " within 20 s; see " + folder);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
