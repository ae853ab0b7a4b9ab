package dev.keycloaktenancy.webhooks;

import dev.keycloaktenancy.TenancyException;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.BufferedInputStream;
import java.io.Closeable;
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
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One delivery attempt: a signed HTTP/1.1 POST of the JSON body. The host is looked up once, every address it
 * resolves to is checked by {@link WebhookTarget}, and the message goes to one of exactly those addresses: no second
 * lookup happens between the check and the connection, so a DNS answer that turns private in between is of no use to
 * an attacker. For https the TLS handshake still names the URL's host (SNI) and the certificate must be valid for that
 * host. Redirects are not followed (any 3xx is a failed attempt), 5 seconds to connect to each address (two tried at
 * most), 10 seconds for the whole answer, at most 4 KB of the answer's body read (kept for the delivery log). Any 2xx
 * answer is a success; anything else, or no answer, is a failure to retry.
 *
 * <p>Connections are kept alive between messages ({@link WebhookConnections}, one pool per node): an attempt first
 * takes an idle connection to the same scheme, host and port that is connected to one of the addresses it has just
 * checked, and opens a new one only if there is none. A connection goes back to the pool only after a 2xx answer read
 * to its end (a known length within the 4 KB read, or the last chunk), on HTTP/1.1 without {@code Connection: close};
 * after an error, a timeout, any other status or an answer not read to its end it is closed. An idle connection the
 * receiver has closed is noticed before it is used (a read that does not wait). If a reused connection still fails
 * before any byte of the answer arrives, within a second (the receiver closed it as the message went out), the
 * message is sent once more on a new connection: the receiver may see it twice, as at-least-once delivery allows.
 */
public final class WebhookDelivery {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);
    public static final int MAX_ANSWER_BYTES = 4096;
    /** Addresses of a host tried in turn, at most. */
    static final int MAX_ADDRESSES_TRIED = 2;
    /**
     * How soon a reused connection must fail, with no byte of the answer, for the message to go once more on a new
     * connection (a connection the receiver closed fails at once; one that fails later is a failed attempt).
     */
    static final Duration STALE_RETRY_WINDOW = Duration.ofSeconds(1);
    /**
     * The longest one attempt can take: a reused connection failing within {@link #STALE_RETRY_WINDOW}, then
     * connecting to each address tried, then the whole answer.
     */
    static final Duration MAX_SEND = STALE_RETRY_WINDOW.plus(CONNECT_TIMEOUT.multipliedBy(MAX_ADDRESSES_TRIED))
            .plus(ANSWER_TIMEOUT);
    /** Idle connections kept per node, in all (as many as the node sends at once). */
    static final int MAX_IDLE_CONNECTIONS = 32;
    /**
     * How long a connection is kept idle: below the 5 seconds after which common servers (Apache httpd, Node.js)
     * close an idle keep-alive connection themselves.
     */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(4);
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

    /** An answer, and whether it was read to its end on a connection the receiver keeps open. */
    private record Answer(Outcome outcome, boolean reusable) {
    }

    private final WebhookTarget.Resolver resolver;
    private final SSLContext tls;
    private final WebhookConnections<Connection> connections;

    public WebhookDelivery(WebhookTarget.Resolver resolver) {
        this(resolver, defaultTls());
    }

    /** With the TLS context that decides which certificates are trusted (tests trust their own). */
    WebhookDelivery(WebhookTarget.Resolver resolver, SSLContext tls) {
        this(resolver, tls, MAX_IDLE_CONNECTIONS);
    }

    WebhookDelivery(WebhookTarget.Resolver resolver, SSLContext tls, int maxIdleConnections) {
        this.resolver = resolver;
        this.tls = tls;
        this.connections = new WebhookConnections<>(maxIdleConnections, IDLE_TIMEOUT, System::nanoTime);
    }

    private static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JVM offers no TLS", e);
        }
    }

    /** Closes the connections that have been idle too long (the delivery job calls it at each run). */
    public void closeIdleConnections() {
        connections.closeExpired();
    }

    /** Idle connections kept now (tests). */
    int idleConnections() {
        return connections.idleCount();
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
                + WebhookSignature.ID_HEADER + ": " + messageId + "\r\n"
                + WebhookSignature.TIMESTAMP_HEADER + ": " + timestampSeconds + "\r\n"
                + WebhookSignature.SIGNATURE_HEADER + ": "
                + WebhookSignature.sign(secret, messageId, timestampSeconds, body) + "\r\n\r\n";
        byte[] start = head.getBytes(StandardCharsets.US_ASCII);
        byte[] request = Arrays.copyOf(start, start.length + payload.length);
        System.arraycopy(payload, 0, request, start.length, payload.length);

        Connection reused = idleConnection(target);
        if (reused != null) {
            long sent = System.nanoTime();
            try {
                return exchange(reused, request);
            } catch (IOException e) {
                reused.close();
                if (e instanceof SocketTimeoutException || reused.answerStarted()
                        || System.nanoTime() - sent > STALE_RETRY_WINDOW.toNanos()) {
                    return failure(e);
                }
                // the receiver closed the kept connection as the message went out: once more, on a new one
            }
        }
        Connection fresh;
        try {
            fresh = open(target);
        } catch (IOException e) {
            return failure(e);
        }
        try {
            return exchange(fresh, request);
        } catch (IOException e) {
            fresh.close();
            return failure(e);
        }
    }

    private static Outcome failure(IOException e) {
        return new Outcome(0, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }

    /**
     * A kept connection to one of the addresses just checked, for the URL's scheme, host and port, which the receiver
     * has not closed meanwhile; or null.
     */
    private Connection idleConnection(WebhookTarget.Target target) {
        for (InetAddress address : target.addresses()) {
            WebhookConnections.Key key = key(target.uri(), address);
            for (Connection kept = connections.take(key); kept != null; kept = connections.take(key)) {
                if (kept.open()) {
                    return kept;
                }
                kept.close();
            }
        }
        return null;
    }

    /**
     * Sends the request and reads the answer; the connection goes back to the pool if the answer allows, else it is
     * closed. Throws (the connection left to the caller) when the exchange fails.
     */
    private Outcome exchange(Connection connection, byte[] request) throws IOException {
        connection.startAttempt(System.nanoTime() + ANSWER_TIMEOUT.toNanos());
        connection.out().write(request);
        connection.out().flush();
        Answer answer = read(connection.in());
        if (answer.outcome().delivered() && answer.reusable() && connection.in().available() == 0) {
            connections.keep(connection.key(), connection);
        } else {
            connection.close();
        }
        return answer.outcome();
    }

    private static WebhookConnections.Key key(URI uri, InetAddress address) {
        return new WebhookConnections.Key(uri.getScheme(), bare(uri.getHost()), port(uri), address);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : isHttps(uri) ? 443 : 80;
    }

    /** Connects to the first checked addresses in turn, the first that answers, with TLS for https. */
    private Connection open(WebhookTarget.Target target) throws IOException {
        URI uri = target.uri();
        int port = port(uri);
        IOException last = null;
        for (InetAddress address : target.addresses().subList(0,
                Math.min(MAX_ADDRESSES_TRIED, target.addresses().size()))) {
            SocketChannel channel = SocketChannel.open();
            try {
                channel.socket().connect(new InetSocketAddress(address, port), (int) CONNECT_TIMEOUT.toMillis());
            } catch (IOException e) {
                channel.close();
                last = e;
                continue;
            }
            try {
                Socket socket = channel.socket();
                socket.setSoTimeout((int) ANSWER_TIMEOUT.toMillis());
                socket.setTcpNoDelay(true);
                return new Connection(key(uri, address), channel, secure(socket, uri));
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
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
    private static Answer read(InputStream in) throws IOException {
        for (int interim = 0; interim < MAX_HEADERS; interim++) {
            String[] parts = line(in).split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("[1-9][0-9]{2}")) {
                return new Answer(new Outcome(0, "The receiver did not answer in HTTP/1.1."), false);
            }
            int code = Integer.parseInt(parts[1]);
            if (code >= 200) {
                return answer(in, code, parts[0].equals("HTTP/1.1"));
            }
            while (!line(in).isEmpty()) {
                // an interim answer's headers
            }
        }
        return new Answer(new Outcome(0, "The receiver did not answer in HTTP/1.1."), false);
    }

    /**
     * The start of the body after the status line; 204 and 304 have none, whatever their headers say. Reusable when
     * the answer is HTTP/1.1 without {@code Connection: close} and its body was read to its end.
     */
    private static Answer answer(InputStream in, int code, boolean http11) throws IOException {
        long length = -1;
        boolean chunked = false;
        boolean close = !http11;
        for (int count = 0; ; count++) {
            String header = line(in);
            if (header.isEmpty()) {
                break;
            }
            if (count >= MAX_HEADERS) {
                return new Answer(new Outcome(code, ""), false);
            }
            int colon = header.indexOf(':');
            String name = colon < 0 ? header : header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = colon < 0 ? "" : header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            if (name.equals("transfer-encoding")) {
                chunked = value.contains("chunked");
            } else if (name.equals("content-length") && value.matches("[0-9]{1,18}")) {
                length = Long.parseLong(value);
            } else if (name.equals("connection") && value.contains("close")) {
                close = true;
            }
        }
        if (code == 204 || code == 304) {
            return new Answer(new Outcome(code, ""), !close);
        }
        if (chunked) {
            Body body = chunks(in);
            return new Answer(new Outcome(code, new String(body.start(), StandardCharsets.UTF_8)),
                    !close && body.complete());
        }
        byte[] start = in.readNBytes((int) Math.min(MAX_ANSWER_BYTES, length < 0 ? Long.MAX_VALUE : length));
        boolean complete = length >= 0 && start.length == length;
        return new Answer(new Outcome(code, new String(start, StandardCharsets.UTF_8)), !close && complete);
    }

    /** The start of a body, and whether it was read to its end. */
    private record Body(byte[] start, boolean complete) {
    }

    /** Up to {@link #MAX_ANSWER_BYTES} of a chunked body; complete if its last chunk and trailers were read too. */
    private static Body chunks(InputStream in) throws IOException {
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
                for (int trailer = 0; trailer < MAX_HEADERS; trailer++) {
                    if (line(in).isEmpty()) {
                        return new Body(body.toByteArray(), true);
                    }
                }
                break;
            }
            if (chunk > MAX_ANSWER_BYTES - body.size()) {
                body.write(in.readNBytes(MAX_ANSWER_BYTES - body.size()));
                break;
            }
            byte[] data = in.readNBytes(chunk);
            body.write(data);
            if (data.length < chunk || !line(in).isEmpty()) {
                break;
            }
        }
        return new Body(body.toByteArray(), false);
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

    /**
     * Reads that give up when the whole answer has taken longer than its time, however slowly it trickles in; counts
     * the bytes of the current answer.
     */
    private static final class Deadline extends FilterInputStream {

        private final Socket socket;
        private long deadline;
        private long read;

        Deadline(Socket socket, InputStream in) {
            super(in);
            this.socket = socket;
        }

        void start(long deadline) {
            this.deadline = deadline;
            this.read = 0;
        }

        boolean started() {
            return read > 0;
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
            int b = super.read();
            if (b >= 0) {
                read++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            limit();
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                read += n;
            }
            return n;
        }
    }

    /** A connection to a checked address (over TLS for https), with its streams, used by one attempt at a time. */
    private static final class Connection implements Closeable {

        private final WebhookConnections.Key key;
        private final SocketChannel channel;
        private final Socket socket;
        private final Deadline deadline;
        private final BufferedInputStream in;
        private final OutputStream out;

        Connection(WebhookConnections.Key key, SocketChannel channel, Socket socket) throws IOException {
            this.key = key;
            this.channel = channel;
            this.socket = socket;
            this.deadline = new Deadline(channel.socket(), socket.getInputStream());
            this.in = new BufferedInputStream(deadline);
            this.out = socket.getOutputStream();
        }

        WebhookConnections.Key key() {
            return key;
        }

        InputStream in() {
            return in;
        }

        OutputStream out() {
            return out;
        }

        void startAttempt(long answerDeadline) {
            deadline.start(answerDeadline);
        }

        boolean answerStarted() {
            return deadline.started();
        }

        /**
         * Whether an idle connection is still open, without waiting: a read of the bare connection finds nothing. The
         * receiver's close (end of stream, a reset, a TLS close_notify) or anything it sent unasked makes it unusable.
         */
        boolean open() {
            if (!channel.isOpen() || socket.isClosed()) {
                return false;
            }
            try {
                channel.configureBlocking(false);
                try {
                    return channel.read(ByteBuffer.allocate(1)) == 0;
                } finally {
                    channel.configureBlocking(true);
                }
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
            try {
                channel.close();
            } catch (IOException e) {
                // closed
            }
        }
    }
}
