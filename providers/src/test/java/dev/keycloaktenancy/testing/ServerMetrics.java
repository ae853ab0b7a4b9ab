package dev.keycloaktenancy.testing;

import org.keycloak.testframework.server.KeycloakUrls;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Reads the test server's metrics endpoint (Prometheus text; metrics are on in {@link TenancyServerConfig}). */
public final class ServerMetrics {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ServerMetrics() {
    }

    /** The scraped text. */
    public static String scrape(KeycloakUrls urls) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(urls.getMetric())).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("Metrics answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The sum of a metric's samples whose labels include all these (name, value, name, value…), 0 when the server
     * publishes none yet (a counter appears with its first increment).
     */
    public static double sample(KeycloakUrls urls, String metric, String... labels) {
        double sum = 0;
        for (String line : scrape(urls).split("\n")) {
            boolean labelled = line.startsWith(metric + "{");
            if (!labelled && !line.startsWith(metric + " ")) {
                continue;
            }
            String labelText = labelled ? line.substring(metric.length(), line.lastIndexOf('}') + 1) : "";
            boolean all = true;
            for (int i = 0; i + 1 < labels.length; i += 2) {
                all &= labelText.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (all) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** The sum of a metric's samples over all its label sets; fails when the server does not publish it. */
    public static double read(KeycloakUrls urls, String metric) {
        String text = scrape(urls);
        double sum = 0;
        boolean found = false;
        for (String line : text.split("\n")) {
            if (line.startsWith(metric + "{") || line.startsWith(metric + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found = true;
            }
        }
        if (!found) {
            throw new AssertionError("The server publishes no metric " + metric);
        }
        return sum;
    }
}
