import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The demo's webhook receiver: takes the signed POSTs of a webhook at /hooks, prints each one, checks its signature
 * with the secret run.sh saved when it created the webhook, and shows the latest on a page. JDK only, run from source
 * by run.sh (java demo/WebhookReceiver.java PORT SECRET_FILE); it listens on 127.0.0.1 only, for the demo.
 */
public final class WebhookReceiver {

    private static final int KEPT = 200;
    private static final List<Message> MESSAGES = new CopyOnWriteArrayList<>();

    record Message(String at, String id, String signatureCheck, String body) {
    }

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8026;
        Path secretFile = Path.of(args.length > 1 ? args[1] : "webhook-secret");
        HttpServer web = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        web.createContext("/hooks", exchange -> receive(exchange, secretFile));
        web.createContext("/", WebhookReceiver::page);
        web.start();
        System.out.println("Webhook receiver: POST http://localhost:" + port + "/hooks, messages at http://localhost:"
                + port + "/");
    }

    private static void receive(HttpExchange exchange, Path secretFile) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String body = new String(exchange.getRequestBody().readNBytes(64 * 1024), StandardCharsets.UTF_8);
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
            String check = check(secretFile, id, timestamp, signature, body);
            Message message = new Message(LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")), id, check, body);
            MESSAGES.add(0, message);
            while (MESSAGES.size() > KEPT) {
                MESSAGES.remove(MESSAGES.size() - 1);
            }
            System.out.println("[webhook " + message.at() + "] " + id + " (" + check + "): " + body);
            exchange.sendResponseHeaders(204, -1);
        }
    }

    /** The Standard Webhooks check: HMAC-SHA256 of "id.timestamp.body" with the secret's bytes. */
    private static String check(Path secretFile, String id, String timestamp, String signature, String body) {
        if (!Files.isReadable(secretFile)) {
            return "signature not checked: no secret saved";
        }
        try {
            String secret = Files.readString(secretFile).trim();
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(secret.indexOf('_') + 1)),
                    "HmacSHA256"));
            String expected = "v1," + Base64.getEncoder().encodeToString(
                    mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
            boolean valid = signature != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                    signature.getBytes(StandardCharsets.UTF_8));
            return valid ? "signature valid" : "SIGNATURE INVALID";
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            return "signature not checked: " + e.getMessage();
        }
    }

    private static void page(HttpExchange exchange) throws IOException {
        try (exchange) {
            StringBuilder html = new StringBuilder("<!doctype html><meta charset=utf-8><meta http-equiv=refresh"
                    + " content=5><title>Demo webhooks</title><style>body{font-family:sans-serif;margin:2em}"
                    + "pre{background:#f4f4f4;padding:.8em;white-space:pre-wrap}</style><h1>Webhook messages</h1>"
                    + "<p>What the realm's demo webhook received, newest first (this page refreshes itself).</p>");
            List<Message> shown = new ArrayList<>(MESSAGES);
            if (shown.isEmpty()) {
                html.append("<p>None yet: invite someone to an organization, or change one, in the portal.</p>");
            }
            for (Message message : shown) {
                html.append("<h3>").append(escape(message.at())).append(" ").append(escape(String.valueOf(message.id())))
                        .append(" (").append(escape(message.signatureCheck())).append(")</h3><pre>")
                        .append(escape(message.body())).append("</pre>");
            }
            byte[] bytes = html.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("content-type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
