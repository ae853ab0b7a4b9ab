import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's mail catcher: an SMTP server that keeps every message in memory instead of delivering it, and a web page
 * that shows them. JDK only, run from source by run.sh (java demo/MailCatcher.java SMTP_PORT WEB_PORT); it listens on
 * 127.0.0.1 only and is not meant for anything but the demo.
 */
public final class MailCatcher {

    private static final int KEPT = 200;
    private static final List<Mail> MAILS = new CopyOnWriteArrayList<>();

    public static void main(String[] args) throws IOException {
        int smtpPort = args.length > 0 ? Integer.parseInt(args[0]) : 1025;
        int webPort = args.length > 1 ? Integer.parseInt(args[1]) : 8025;
        InetAddress loopback = InetAddress.getLoopbackAddress();
        ServerSocket smtp = new ServerSocket(smtpPort, 50, loopback);
        HttpServer web = HttpServer.create(new InetSocketAddress(loopback, webPort), 0);
        web.createContext("/", MailCatcher::page);
        web.start();
        System.out.println("Mail catcher: SMTP on 127.0.0.1:" + smtpPort + ", mail at http://localhost:" + webPort + "/");
        while (true) {
            Socket client = smtp.accept();
            Thread conversation = new Thread(() -> converse(client), "smtp-" + client.getPort());
            conversation.setDaemon(true);
            conversation.start();
        }
    }

    // ---- SMTP --------------------------------------------------------------------------------------------------------

    private static void converse(Socket client) {
        try (client; BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
             PrintWriter out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.ISO_8859_1)) {
            reply(out, "220 localhost demo mail catcher");
            String from = null;
            List<String> to = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line.toUpperCase(Locale.ROOT);
                switch (command) {
                    case "EHLO", "HELO" -> reply(out, "250 localhost");
                    case "MAIL" -> {
                        from = address(line);
                        to.clear();
                        reply(out, "250 OK");
                    }
                    case "RCPT" -> {
                        to.add(address(line));
                        reply(out, "250 OK");
                    }
                    case "DATA" -> {
                        reply(out, "354 End data with <CR><LF>.<CR><LF>");
                        StringBuilder data = new StringBuilder();
                        while ((line = in.readLine()) != null && !line.equals(".")) {
                            data.append(line.startsWith("..") ? line.substring(1) : line).append("\r\n");
                        }
                        keep(new Mail(LocalTime.now(), from, List.copyOf(to), data.toString()));
                        reply(out, "250 OK: kept");
                    }
                    case "RSET" -> {
                        from = null;
                        to.clear();
                        reply(out, "250 OK");
                    }
                    case "NOOP" -> reply(out, "250 OK");
                    case "QUIT" -> {
                        reply(out, "221 Bye");
                        return;
                    }
                    default -> reply(out, "502 Not implemented");
                }
            }
        } catch (IOException e) {
            System.err.println("Mail catcher: a connection failed: " + e.getMessage());
        }
    }

    private static void reply(PrintWriter out, String line) {
        out.print(line + "\r\n");
        out.flush();
    }

    private static String address(String command) {
        Matcher matcher = Pattern.compile("<([^>]*)>").matcher(command);
        return matcher.find() ? matcher.group(1) : command.substring(command.indexOf(':') + 1).trim();
    }

    private static void keep(Mail mail) {
        MAILS.add(mail);
        while (MAILS.size() > KEPT) {
            MAILS.remove(0);
        }
    }

    // ---- the web page ------------------------------------------------------------------------------------------------

    private static void page(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Matcher one = Pattern.compile("/mail/(\\d+)(/html|/raw)?").matcher(path);
        try (exchange) {
            if (path.equals("/")) {
                send(exchange, 200, "text/html", list());
            } else if (path.equals("/api/mails")) {
                send(exchange, 200, "application/json", json());
            } else if (one.matches() && Integer.parseInt(one.group(1)) < MAILS.size()) {
                Mail mail = MAILS.get(Integer.parseInt(one.group(1)));
                if ("/html".equals(one.group(2))) {
                    // The message's own HTML, shown in a sandboxed frame: no scripts, no forms, images allowed.
                    exchange.getResponseHeaders().add("Content-Security-Policy",
                            "sandbox; default-src 'none'; img-src * data:; style-src 'unsafe-inline'");
                    send(exchange, 200, "text/html", mail.message().part("text/html"));
                } else if ("/raw".equals(one.group(2))) {
                    send(exchange, 200, "text/plain", mail.data());
                } else {
                    send(exchange, 200, "text/html", detail(Integer.parseInt(one.group(1)), mail));
                }
            } else {
                send(exchange, 404, "text/plain", "No such page.");
            }
        }
    }

    private static String list() {
        StringBuilder rows = new StringBuilder();
        for (int i = MAILS.size() - 1; i >= 0; i--) {
            Mail mail = MAILS.get(i);
            rows.append("<tr><td>").append(mail.time().format(DateTimeFormatter.ofPattern("HH:mm:ss"))).append("</td><td>")
                    .append(escape(String.join(", ", mail.to()))).append("</td><td><a href=\"/mail/").append(i).append("\">")
                    .append(escape(mail.message().subject())).append("</a></td></tr>");
        }
        String body = MAILS.isEmpty() ? "<p>No mail yet. Mail that Keycloak sends in the demo appears here.</p>"
                : "<table><thead><tr><th>Received</th><th>To</th><th>Subject</th></tr></thead><tbody>" + rows + "</tbody></table>";
        return html("Demo mail", "<h1>Mail sent by the demo</h1><p>Newest first; kept in memory until the demo stops."
                + " <a href=\"/\">Refresh</a></p>" + body);
    }

    private static String detail(int index, Mail mail) {
        String text = mail.message().part("text/plain");
        return html(mail.message().subject(), "<p><a href=\"/\">All mail</a> · <a href=\"/mail/" + index + "/raw\">Raw message</a></p>"
                + "<h1>" + escape(mail.message().subject()) + "</h1>"
                + "<p>From " + escape(mail.message().header("from")) + " to " + escape(String.join(", ", mail.to())) + "</p>"
                + (mail.message().part("text/html").isEmpty() ? ""
                : "<iframe title=\"The message as HTML\" src=\"/mail/" + index + "/html\"></iframe>")
                + (text.isEmpty() ? "" : "<h2>Plain text</h2><pre>" + escape(text) + "</pre>"));
    }

    private static String json() {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < MAILS.size(); i++) {
            Mail mail = MAILS.get(i);
            json.append(i == 0 ? "" : ",").append("{\"id\":").append(i)
                    .append(",\"to\":").append(quote(String.join(", ", mail.to())))
                    .append(",\"subject\":").append(quote(mail.message().subject()))
                    .append(",\"html\":").append(quote(mail.message().part("text/html")))
                    .append(",\"text\":").append(quote(mail.message().part("text/plain"))).append("}");
        }
        return json.append("]").toString();
    }

    private static String html(String title, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title><style>"
                + "body{font-family:sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;width:100%}"
                + "td,th{text-align:left;padding:.4rem;border-bottom:1px solid #ddd}iframe{width:100%;height:32rem;"
                + "border:1px solid #ccc}pre{white-space:pre-wrap;background:#f6f6f6;padding:1rem}</style></head><body>"
                + body + "</body></html>";
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type + "; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> quoted.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return quoted.append('"').toString();
    }

    // ---- messages ----------------------------------------------------------------------------------------------------

    record Mail(LocalTime time, String from, List<String> to, String data) {
        Part message() {
            return Part.parse(data);
        }
    }

    /** A MIME entity: its headers (names in lower case, folded lines joined) and its body, still encoded. */
    record Part(Map<String, String> headers, String body) {

        static Part parse(String entity) {
            int end = entity.indexOf("\r\n\r\n");
            String head = end < 0 ? entity : entity.substring(0, end);
            String body = end < 0 ? "" : entity.substring(end + 4);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line : head.replaceAll("\r\n[ \t]+", " ").split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.putIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                }
            }
            return new Part(headers, body);
        }

        String header(String name) {
            return decodeWords(headers.getOrDefault(name, ""));
        }

        String subject() {
            String subject = header("subject");
            return subject.isEmpty() ? "(no subject)" : subject;
        }

        /** The decoded text of the first part of this type, searching nested multiparts; empty when there is none. */
        String part(String type) {
            String contentType = headers.getOrDefault("content-type", "text/plain");
            String lower = contentType.toLowerCase(Locale.ROOT);
            if (lower.startsWith("multipart/")) {
                Matcher boundary = Pattern.compile("boundary=\"?([^\";]+)\"?", Pattern.CASE_INSENSITIVE).matcher(contentType);
                if (!boundary.find()) {
                    return "";
                }
                for (String piece : body.split("(?m)^--" + Pattern.quote(boundary.group(1)) + "(--)?\\s*$")) {
                    String found = Part.parse(piece.replaceFirst("^\r\n", "")).part(type);
                    if (!found.isEmpty()) {
                        return found;
                    }
                }
                return "";
            }
            return lower.startsWith(type) ? decoded(contentType) : "";
        }

        private String decoded(String contentType) {
            Matcher charsetName = Pattern.compile("charset=\"?([^\";]+)\"?", Pattern.CASE_INSENSITIVE).matcher(contentType);
            Charset charset = charsetName.find() && Charset.isSupported(charsetName.group(1))
                    ? Charset.forName(charsetName.group(1)) : StandardCharsets.UTF_8;
            String encoding = headers.getOrDefault("content-transfer-encoding", "7bit").toLowerCase(Locale.ROOT);
            byte[] bytes = switch (encoding) {
                case "base64" -> Base64.getMimeDecoder().decode(body.trim());
                case "quoted-printable" -> quotedPrintable(body);
                default -> body.getBytes(StandardCharsets.ISO_8859_1);
            };
            return new String(bytes, charset);
        }

        private static byte[] quotedPrintable(String text) {
            String joined = text.replace("=\r\n", "");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < joined.length(); i++) {
                char c = joined.charAt(i);
                if (c == '=' && i + 2 < joined.length()
                        && Character.digit(joined.charAt(i + 1), 16) >= 0 && Character.digit(joined.charAt(i + 2), 16) >= 0) {
                    out.write(Integer.parseInt(joined.substring(i + 1, i + 3), 16));
                    i += 2;
                } else {
                    out.write((byte) c);
                }
            }
            return out.toByteArray();
        }

        /** RFC 2047 encoded words ({@code =?UTF-8?Q?...?=}, {@code =?UTF-8?B?...?=}) in a header. */
        private static String decodeWords(String value) {
            Matcher word = Pattern.compile("=\\?([^?]+)\\?([bBqQ])\\?([^?]*)\\?=(\\s+(?==\\?))?").matcher(value);
            StringBuilder decoded = new StringBuilder();
            while (word.find()) {
                Charset charset = Charset.isSupported(word.group(1)) ? Charset.forName(word.group(1)) : StandardCharsets.UTF_8;
                byte[] bytes = word.group(2).equalsIgnoreCase("b") ? Base64.getDecoder().decode(word.group(3))
                        : quotedPrintable(word.group(3).replace('_', ' '));
                word.appendReplacement(decoded, Matcher.quoteReplacement(new String(bytes, charset)));
            }
            return word.appendTail(decoded).toString();
        }
    }
}
