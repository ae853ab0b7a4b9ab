package dev.keycloaktenancy.webhooks;

import dev.keycloaktenancy.TenancyException;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One delivery attempt: a signed HTTP/1.1 POST of the JSON body. The host is looked up once, every address it
 * resolves to is checked by {@link WebhookTarget}, and the connection is made to one of exactly those addresses: no
 * second lookup happens between the check and the connection, so a DNS answer that turns private in between is of no
 * use to an attacker. For https the TLS handshake still names the URL's host (SNI) and the certificate must be valid
 * for that host. Redirects are not followed (any 3xx is a failed attempt), 5 seconds to connect to each address (two
 * tried at most), 10 seconds for the whole answer, at most 4 KB of the answer's body read (kept for the delivery log),
 * one connection per message. Any 2xx answer is a success; anything else, or no answer, is a failure to retry.
 */
public final class WebhookDelivery {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);
    public static final int MAX_ANSWER_BYTES = 4096;
    /** Addresses of a host tried in turn, at most. */
    static final int MAX_ADDRESSES_TRIED = 2;
    /** The longest one attempt can take: connecting to each address tried, then the whole answer. */
    static final Duration MAX_SEND = CONNECT_TIMEOUT.multipliedBy(MAX_ADDRESSES_TRIED).plus(ANSWER_TIMEOUT);
    /** Longest status line or header line read from an answer. */
    private static final int MAX_LINE = 8192;
    /** Most header lines read from an answer. */
    private static final int MAX_HEADERS = 100;

    /** What an attempt came to: the status code (0 without an answer) and the start of the answer or the error. */
    public record Outcome(int status, String answer) {

        public boolean delivered() {
            return status >= 200 && status < 300;
        }
    }

    private final WebhookTarget.Resolver resolver;
    private final SSLContext tls;

    public WebhookDelivery(WebhookTarget.Resolver resolver) {
        this(resolver, defaultTls());
    }

    /** With the TLS context that decides which certificates are trusted (tests trust their own). */
    WebhookDelivery(WebhookTarget.Resolver resolver, SSLContext tls) {
        this.resolver = resolver;
        this.tls = tls;
    }

    private static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JVM offers no TLS", e);
        }
    }

    /** Sends one message; never throws for what the receiver or the network does. */
    public Outcome send(String url, boolean allowPrivateTargets, String secret, String messageId, long timestampSeconds,
                        String body) {
        WebhookTarget.Target target;
        try {
            target = WebhookTarget.resolve(url, allowPrivateTargets, resolver);
        } catch (TenancyException e) {
            return new Outcome(0, e.description());
        }
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        URI uri = target.uri();
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String head = "POST " + path + " HTTP/1.1\r\n"
                + "Host: " + uri.getRawAuthority() + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + payload.length + "\r\n"
                + "User-Agent: keycloak-tenancy-webhooks\r\n"
                + "Connection: close\r\n"
                + WebhookSignature.ID_HEADER + ": " + messageId + "\r\n"
                + WebhookSignature.TIMESTAMP_HEADER + ": " + timestampSeconds + "\r\n"
                + WebhookSignature.SIGNATURE_HEADER + ": "
                + WebhookSignature.sign(secret, messageId, timestampSeconds, body) + "\r\n\r\n";
        try (Socket socket = connect(target)) {
            long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
            socket.setSoTimeout((int) ANSWER_TIMEOUT.toMillis());
            socket.setTcpNoDelay(true);
            Socket channel = secure(socket, uri);
            byte[] start = head.getBytes(StandardCharsets.US_ASCII);
            byte[] request = Arrays.copyOf(start, start.length + payload.length);
            System.arraycopy(payload, 0, request, start.length, payload.length);
            OutputStream out = channel.getOutputStream();
            out.write(request);
            out.flush();
            return read(new BufferedInputStream(new Deadline(channel, deadline)));
        } catch (IOException e) {
            return new Outcome(0, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /** Connects to the first checked addresses in turn, the first that answers. */
    private static Socket connect(WebhookTarget.Target target) throws IOException {
        URI uri = target.uri();
        int port = uri.getPort() != -1 ? uri.getPort() : isHttps(uri) ? 443 : 80;
        IOException last = null;
        for (InetAddress address : target.addresses().subList(0,
                Math.min(MAX_ADDRESSES_TRIED, target.addresses().size()))) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address, port), (int) CONNECT_TIMEOUT.toMillis());
                return socket;
            } catch (IOException e) {
                socket.close();
                last = e;
            }
        }
        throw last;
    }

    /** For https, TLS over the connected socket, naming and verifying the URL's host; else the socket itself. */
    private Socket secure(Socket socket, URI uri) throws IOException {
        if (!isHttps(uri)) {
            return socket;
        }
        String host = bare(uri.getHost());
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(socket, host, socket.getPort(), true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!isAddressLiteral(host)) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        ssl.setSSLParameters(parameters);
        ssl.startHandshake();
        return ssl;
    }

    private static boolean isHttps(URI uri) {
        return "https".equalsIgnoreCase(uri.getScheme());
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static boolean isAddressLiteral(String host) {
        return host.contains(":") || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    /** The status and the start of the body of an HTTP/1.1 answer, after any interim (1xx) answers. */
    private static Outcome read(InputStream in) throws IOException {
        for (int interim = 0; interim < MAX_HEADERS; interim++) {
            String[] parts = line(in).split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("[1-9][0-9]{2}")) {
                return new Outcome(0, "The receiver did not answer in HTTP/1.1.");
            }
            int code = Integer.parseInt(parts[1]);
            if (code >= 200) {
                return answer(in, code);
            }
            while (!line(in).isEmpty()) {
                // an interim answer's headers
            }
        }
        return new Outcome(0, "The receiver did not answer in HTTP/1.1.");
    }

    /** The start of the body after the status line; 204 and 304 have none, whatever their headers say. */
    private static Outcome answer(InputStream in, int code) throws IOException {
        long length = -1;
        boolean chunked = false;
        for (int count = 0; ; count++) {
            String header = line(in);
            if (header.isEmpty()) {
                break;
            }
            if (count >= MAX_HEADERS) {
                return new Outcome(code, "");
            }
            int colon = header.indexOf(':');
            String name = colon < 0 ? header : header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = colon < 0 ? "" : header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            if (name.equals("transfer-encoding")) {
                chunked = value.contains("chunked");
            } else if (name.equals("content-length") && value.matches("[0-9]{1,18}")) {
                length = Long.parseLong(value);
            }
        }
        if (code == 204 || code == 304) {
            return new Outcome(code, "");
        }
        byte[] start = chunked ? chunks(in) : in.readNBytes((int) Math.min(MAX_ANSWER_BYTES,
                length < 0 ? Long.MAX_VALUE : length));
        return new Outcome(code, new String(start, StandardCharsets.UTF_8));
    }

    /** Up to {@link #MAX_ANSWER_BYTES} of a chunked body. */
    private static byte[] chunks(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (body.size() < MAX_ANSWER_BYTES) {
            String size = line(in);
            int extension = size.indexOf(';');
            String hex = (extension < 0 ? size : size.substring(0, extension)).trim();
            if (!hex.matches("[0-9a-fA-F]{1,7}")) {
                break;
            }
            int chunk = Integer.parseInt(hex, 16);
            if (chunk == 0) {
                break;
            }
            body.write(in.readNBytes(Math.min(chunk, MAX_ANSWER_BYTES - body.size())));
            if (body.size() < MAX_ANSWER_BYTES) {
                line(in);
            }
        }
        return body.toByteArray();
    }

    /** A line of at most {@link #MAX_LINE} bytes, without its CRLF. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                if (line.size() == 0) {
                    throw new IOException("The receiver closed the connection without a complete answer.");
                }
                break;
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("The receiver's answer has a line longer than " + MAX_LINE + " bytes.");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** Reads that give up when the whole answer has taken longer than its time, however slowly it trickles in. */
    private static final class Deadline extends FilterInputStream {

        private final Socket socket;
        private final long deadline;

        Deadline(Socket socket, long deadline) throws IOException {
            super(socket.getInputStream());
            this.socket = socket;
            this.deadline = deadline;
        }

        private void limit() throws IOException {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new SocketTimeoutException("The receiver did not answer within " + ANSWER_TIMEOUT.toSeconds()
                        + " seconds.");
            }
            socket.setSoTimeout((int) left);
        }

        @Override
        public int read() throws IOException {
            limit();
            return super.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            limit();
            return super.read(buffer, offset, length);
        }
    }
}
