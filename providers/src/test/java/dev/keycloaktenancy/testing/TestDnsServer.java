package dev.keycloaktenancy.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tiny authoritative DNS server on loopback UDP that answers TXT questions from a map, for domain verification
 * tests. Names it does not know get NXDOMAIN; once stopped, the resolver is simply down. A silent server takes the
 * questions and never answers, like a resolver that hangs.
 */
public final class TestDnsServer implements AutoCloseable {

    /** Where the test server configuration points the pack's DNS look-ups. */
    public static final int PORT = 15353;

    private static final int TYPE_TXT = 16;

    private final Map<String, List<String>> txtRecords = new ConcurrentHashMap<>();
    private final DatagramSocket socket;
    private final Thread thread;
    private final boolean silent;

    public TestDnsServer() throws SocketException {
        this(false);
    }

    private TestDnsServer(boolean silent) throws SocketException {
        this.silent = silent;
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), PORT));
        thread = new Thread(this::serve, "test-dns");
        thread.setDaemon(true);
        thread.start();
    }

    /** A resolver that never answers. */
    public static TestDnsServer silent() throws SocketException {
        return new TestDnsServer(true);
    }

    public void txt(String name, String... values) {
        txtRecords.put(name.toLowerCase(Locale.ROOT), List.of(values));
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            DatagramPacket query = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(query);
                if (silent) {
                    continue;
                }
                byte[] answer = answer(query.getData(), query.getLength());
                socket.send(new DatagramPacket(answer, answer.length, query.getSocketAddress()));
            } catch (IOException | RuntimeException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private byte[] answer(byte[] query, int length) throws IOException {
        int position = 12;
        StringBuilder name = new StringBuilder();
        while (query[position] != 0) {
            int labelLength = query[position] & 0xff;
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(new String(query, position + 1, labelLength, StandardCharsets.US_ASCII));
            position += labelLength + 1;
        }
        position++;
        int type = ((query[position] & 0xff) << 8) | (query[position + 1] & 0xff);
        int questionEnd = position + 4;
        List<String> values = txtRecords.get(name.toString().toLowerCase(Locale.ROOT));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(query, 0, 2);
        boolean recursionDesired = (query[2] & 0x01) != 0;
        out.write(0x84 | (recursionDesired ? 0x01 : 0));
        out.write(0x80 | (values == null ? 0x03 : 0x00));
        int answers = values != null && type == TYPE_TXT ? values.size() : 0;
        out.write(new byte[]{0, 1, 0, (byte) answers, 0, 0, 0, 0});
        out.write(query, 12, questionEnd - 12);
        for (int i = 0; i < answers; i++) {
            byte[] text = values.get(i).getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream rdata = new ByteArrayOutputStream();
            for (int offset = 0; offset < text.length || offset == 0; offset += 255) {
                int chunk = Math.min(255, text.length - offset);
                rdata.write(chunk);
                rdata.write(text, offset, chunk);
                if (text.length == 0) {
                    break;
                }
            }
            out.write(new byte[]{(byte) 0xc0, 12, 0, TYPE_TXT, 0, 1, 0, 0, 0, 60});
            out.write(rdata.size() >> 8);
            out.write(rdata.size() & 0xff);
            rdata.writeTo(out);
        }
        return out.toByteArray();
    }
}
