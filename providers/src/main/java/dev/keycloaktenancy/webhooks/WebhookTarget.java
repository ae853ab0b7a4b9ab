package dev.keycloaktenancy.webhooks;

import dev.keycloaktenancy.InputText;
import dev.keycloaktenancy.TenancyException;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The SSRF guard of webhook URLs, applied when a webhook is created or changed and again at each delivery (the
 * host's DNS may have changed to a private address since), where the delivery connects to exactly the addresses that
 * were checked ({@link #resolve}), without looking the host up a second time. A URL must be https, with a host, without user info or
 * fragment, and every address its host resolves to must be public: not loopback, link-local, private (RFC 1918,
 * unique local IPv6), shared (100.64/10), unspecified, multicast, or one of those wrapped in IPv6. The realm attribute
 * {@code tenancy.webhooks.allow-private-targets=true} lifts the https rule and allows loopback and private addresses
 * (tests, the demo, receivers inside the operator's network), but never link-local, unspecified or multicast ones:
 * organization admins, not the realm admin, choose the URLs, and link-local is where cloud metadata services answer.
 */
public final class WebhookTarget {

    public static final int MAX_URL_LENGTH = 2048;

    /** Looks a host up; the JDK's resolver outside tests. */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    public static final Resolver DNS = host -> List.of(InetAddress.getAllByName(host));

    private WebhookTarget() {
    }

    /** A checked URL and the addresses its host resolved to, each of which passed the check. */
    public record Target(URI uri, List<InetAddress> addresses) {
    }

    /** The URL, checked; refuses with 400 {@code invalid_webhook_url} and a sentence saying why. */
    public static URI check(String url, boolean allowPrivateTargets, Resolver resolver) {
        return resolve(url, allowPrivateTargets, resolver).uri();
    }

    /**
     * The URL checked, with the addresses its host resolves to now (looked up once): a delivery connects to one of
     * these, so that no other lookup can answer differently between the check and the connection. Refuses as
     * {@link #check} does.
     */
    public static Target resolve(String url, boolean allowPrivateTargets, Resolver resolver) {
        URI uri = syntax(url, allowPrivateTargets);
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(uri.getHost());
        } catch (UnknownHostException e) {
            throw refused("its host " + uri.getHost() + " is not known to DNS.");
        }
        if (addresses.isEmpty()) {
            throw refused("its host " + uri.getHost() + " has no address.");
        }
        for (InetAddress address : addresses) {
            if (isNeverATarget(address)) {
                throw refused("its host " + uri.getHost() + " resolves to " + address.getHostAddress()
                        + ", a link-local, unspecified or multicast address, which no webhook may reach.");
            }
            if (!allowPrivateTargets && !isPublic(address)) {
                throw refused("its host " + uri.getHost() + " resolves to " + address.getHostAddress()
                        + ", which is not a public address; a realm administrator may allow private targets with"
                        + " the realm attribute tenancy.webhooks.allow-private-targets=true.");
            }
        }
        return new Target(uri, List.copyOf(addresses));
    }

    static URI syntax(String url, boolean allowHttp) {
        if (url == null || url.isEmpty() || url.length() > MAX_URL_LENGTH || !InputText.isPlainLine(url)) {
            throw refused("give an absolute URL of at most " + MAX_URL_LENGTH + " characters on one line.");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw refused("it is not a valid URL.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            throw refused("it must start with https://.");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw refused("it needs a host name, and no user name, password or #fragment.");
        }
        return uri;
    }

    /** Whether a delivery may go to this address. */
    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first != 0 && !(first == 100 && second >= 64 && second < 128) && !(first == 192 && second == 0
                    && (bytes[2] & 0xff) == 0) && !(first == 198 && (second == 18 || second == 19)) && first < 224;
        }
        if (address instanceof Inet6Address) {
            if ((bytes[0] & 0xfe) == 0xfc) {
                return false;
            }
            if (isEmbeddedIpv4(bytes)) {
                try {
                    return isPublic(InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16)));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Whether no delivery may go to this address, private targets allowed or not: link-local (169.254/16, where cloud
     * metadata services answer, and fe80::/10), unspecified (0.0.0.0/8, ::) and multicast, also wrapped in IPv6.
     */
    static boolean isNeverATarget(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return false;
        }
        if (address.isAnyLocalAddress() || address.isLinkLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return (bytes[0] & 0xff) == 0;
        }
        if (isEmbeddedIpv4(bytes)) {
            try {
                return isNeverATarget(InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16)));
            } catch (UnknownHostException e) {
                return true;
            }
        }
        return false;
    }

    /** IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) addresses. */
    private static boolean isEmbeddedIpv4(byte[] bytes) {
        boolean zeroPrefix = true;
        for (int i = 0; i < 10; i++) {
            zeroPrefix &= bytes[i] == 0;
        }
        boolean mapped = zeroPrefix && (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
        boolean compatible = zeroPrefix && bytes[10] == 0 && bytes[11] == 0;
        boolean nat64 = (bytes[0] & 0xff) == 0x00 && (bytes[1] & 0xff) == 0x64 && (bytes[2] & 0xff) == 0xff
                && (bytes[3] & 0xff) == 0x9b;
        return mapped || compatible || nat64;
    }

    private static TenancyException refused(String why) {
        return TenancyException.badRequest("invalid_webhook_url", "The webhook URL is refused: " + why);
    }
}
