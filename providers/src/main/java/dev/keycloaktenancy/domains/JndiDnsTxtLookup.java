package dev.keycloaktenancy.domains;

import javax.naming.CommunicationException;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.ServiceUnavailableException;
import javax.naming.directory.Attribute;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

/** TXT look-ups through the JDK's own DNS client (JNDI), against a given resolver or the system's. */
final class JndiDnsTxtLookup implements DnsTxtLookup {

    private final String resolver;
    private final int timeoutMillis;

    JndiDnsTxtLookup(String resolver, int timeoutMillis) {
        this.resolver = resolver;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public List<String> txt(String name) throws DnsUnavailableException {
        Hashtable<String, String> environment = new Hashtable<>();
        environment.put(DirContext.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
        environment.put(DirContext.PROVIDER_URL, resolver == null || resolver.isBlank() ? "dns:" : "dns://" + resolver);
        environment.put("com.sun.jndi.dns.timeout.initial", String.valueOf(timeoutMillis));
        environment.put("com.sun.jndi.dns.timeout.retries", "2");
        DirContext context = null;
        try {
            context = new InitialDirContext(environment);
            Attribute records = context.getAttributes(name, new String[]{"TXT"}).get("TXT");
            List<String> values = new ArrayList<>();
            if (records != null) {
                NamingEnumeration<?> all = records.getAll();
                while (all.hasMore()) {
                    values.add(unquote(String.valueOf(all.next())));
                }
            }
            return values;
        } catch (NameNotFoundException e) {
            return List.of();
        } catch (CommunicationException | ServiceUnavailableException e) {
            throw new DnsUnavailableException("DNS resolver " + (resolver == null ? "(system)" : resolver)
                    + " did not answer", e);
        } catch (NamingException e) {
            throw new DnsUnavailableException("DNS look-up of " + name + " failed: " + e.getMessage(), e);
        } finally {
            if (context != null) {
                try {
                    context.close();
                } catch (NamingException ignored) {
                    // nothing held open
                }
            }
        }
    }

    /** JNDI returns a TXT record's character strings quoted and space-separated; the value is their concatenation. */
    static String unquote(String record) {
        if (!record.startsWith("\"")) {
            return record;
        }
        StringBuilder value = new StringBuilder();
        boolean inQuotes = false;
        for (int i = 0; i < record.length(); i++) {
            char c = record.charAt(i);
            if (c == '"') {
                inQuotes = !inQuotes;
            } else if (c == '\\' && inQuotes && i + 1 < record.length()) {
                value.append(record.charAt(++i));
            } else if (inQuotes) {
                value.append(c);
            }
        }
        return value.toString();
    }
}
