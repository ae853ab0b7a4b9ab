package dev.keycloaktenancy.testing;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.jsoup.parser.Parser;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.RealmRepresentation;

import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading emails captured by the test mail server. */
public final class Mails {

    private static final Pattern REALM_LINK = Pattern.compile("(https?://[^\"'\\s<>]+/realms/[^\"'\\s<>]+)");

    private Mails() {
    }

    /** Points the realm's email settings at the test framework's mail server (localhost:3025). */
    public static void useTestMailServer(RealmResource realm) {
        RealmRepresentation representation = realm.toRepresentation();
        representation.setSmtpServer(Map.of("host", "localhost", "port", "3025", "from", "noreply@keycloak-tenancy.test"));
        realm.update(representation);
    }

    /** All text of a message (plain and HTML parts). */
    public static String text(MimeMessage message) {
        try {
            return text(message.getContent());
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first link into a realm (an invitation, a verification), with HTML entities undone. */
    public static String realmLink(MimeMessage message) {
        String text = Parser.unescapeEntities(text(message), false);
        Matcher matcher = REALM_LINK.matcher(text);
        if (!matcher.find()) {
            throw new AssertionError("No link in:\n" + text);
        }
        return matcher.group(1);
    }

    private static String text(Object content) throws MessagingException, IOException {
        if (content instanceof Multipart multipart) {
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                all.append(text(part.getContent())).append('\n');
            }
            return all.toString();
        }
        return String.valueOf(content);
    }
}
