package dev.keycloaktenancy.jit;

import dev.keycloaktenancy.platform.UsageLimits;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationDomainModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.organization.utils.Organizations;

/**
 * Just-in-time membership by email domain, without an identity provider: a user whose email is verified and at a
 * verified domain of an organization that opted in ({@code tenancy.jit.email-domain=true}) becomes a member.
 * Default roles follow from the join itself. An unverified email or an unverified domain never joins anyone.
 */
public final class EmailDomainJoin {

    public static final String ATTRIBUTE = "tenancy.jit.email-domain";

    private static final Logger LOG = Logger.getLogger(EmailDomainJoin.class);

    private final KeycloakSession session;

    public EmailDomainJoin(KeycloakSession session) {
        this.session = session;
    }

    /** Joins the user to the organization their email domain designates, if every condition holds. */
    public void joinIfEligible(UserModel user) {
        if (user == null || !user.isEnabled() || !user.isEmailVerified() || user.getEmail() == null) {
            return;
        }
        String domain = Organizations.getEmailDomain(user.getEmail());
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        if (domain == null || organizations == null || !organizations.isEnabled()) {
            return;
        }
        OrganizationModel organization = organizations.getByDomainName(domain);
        if (organization == null || !organization.isEnabled() || !optedIn(organization)) {
            return;
        }
        OrganizationDomainModel matching = Organizations.getMatchingDomain(domain, organization);
        if (matching == null || !matching.isVerified() || organization.isMember(user)) {
            return;
        }
        if (!UsageLimits.hasRoomForMember(session, organization)) {
            LOG.infof("User %s was not joined to organization %s by email domain: it has reached its member limit",
                    user.getUsername(), organization.getAlias());
            return;
        }
        organizations.addMember(organization, user);
        LOG.debugf("User %s joined organization %s by verified email domain %s", user.getUsername(),
                organization.getAlias(), matching.getName());
    }

    private static boolean optedIn(OrganizationModel organization) {
        var values = organization.getAttributes().get(ATTRIBUTE);
        return values != null && values.contains("true");
    }
}
