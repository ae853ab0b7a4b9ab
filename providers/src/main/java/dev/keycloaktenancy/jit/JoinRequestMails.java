package dev.keycloaktenancy.jit;

import jakarta.ws.rs.core.UriBuilder;
import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.urls.UrlType;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells the requester the outcome of their join request by email, through Keycloak's email templates (the template
 * {@value #TEMPLATE} and its messages come with the JAR, so every email theme has them). The decision stands when the
 * realm has no mail server or the server refuses: the requester also sees the outcome in the portal and in
 * {@code me/join-requests}.
 */
final class JoinRequestMails {

    static final String TEMPLATE = "tenancy-join-request-decided.ftl";
    private static final Logger LOG = Logger.getLogger(JoinRequestMails.class);

    private JoinRequestMails() {
    }

    static void outcome(KeycloakSession session, RealmModel realm, OrganizationModel organization, UserModel requester,
                        boolean approved) {
        if (requester == null || requester.getEmail() == null || realm.getSmtpConfig() == null
                || realm.getSmtpConfig().get("host") == null) {
            return;
        }
        String portal = UriBuilder.fromUri(session.getContext().getUri(UrlType.FRONTEND).getBaseUri())
                .path("realms/{realm}/tenancy/portal/").build(realm.getName()).toString();
        // Keycloak's renderer adds its own variables to the map.
        Map<String, Object> variables = new HashMap<>(Map.of("approved", approved,
                "organizationName", organization.getName(), "link", portal));
        try {
            session.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(requester).send(
                    approved ? "tenancyJoinRequestApprovedSubject" : "tenancyJoinRequestDeclinedSubject",
                    List.of(organization.getName()), TEMPLATE, variables);
        } catch (EmailException e) {
            LOG.warnf(e, "The email telling a requester the outcome of their request to join organization %s of realm %s"
                    + " could not be sent", organization.getAlias(), realm.getName());
        }
    }
}
