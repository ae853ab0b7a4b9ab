package dev.keycloaktenancy.jit;

import dev.keycloaktenancy.OrganizationSettings;
import dev.keycloaktenancy.TenancyMetrics;
import dev.keycloaktenancy.domains.DomainOwner;
import dev.keycloaktenancy.limits.UsageLimits;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

import java.util.Optional;

/**
 * Just-in-time membership by email domain, without an identity provider: a user whose email is verified and at a
 * verified domain of an organization that opted in ({@code tenancy.jit.email-domain=true}) becomes a member, with the
 * default roles. The email must have been verified by this realm (or asserted by the organization's own identity
 * provider): an address some other identity provider vouched for joins nobody. {@link JoinDecision} decides; this
 * class looks the facts up, as far as the decision asks, and acts on it.
 */
public final class EmailDomainJoin {

    private static final Logger LOG = Logger.getLogger(EmailDomainJoin.class);

    private final KeycloakSession session;

    public EmailDomainJoin(KeycloakSession session) {
        this.session = session;
    }

    /** Joins the user to the organization their email domain designates, if every condition holds. */
    public void joinIfEligible(UserModel user) {
        boolean verifiedEmail = user != null && user.isEnabled() && user.isEmailVerified() && user.getEmail() != null;
        Optional<DomainOwner> owner = verifiedEmail ? DomainOwner.of(session, user.getEmail()) : Optional.empty();
        OrganizationModel organization = owner.map(DomainOwner::organization).orElse(null);
        JoinDecision decision = JoinDecision.decide(new JoinDecision.Facts() {
            @Override
            public boolean userWithVerifiedEmail() {
                return verifiedEmail;
            }

            @Override
            public boolean atVerifiedDomain() {
                return organization != null;
            }

            @Override
            public boolean organizationOptedIn() {
                return OrganizationSettings.of(organization).joinByEmailDomain();
            }

            @Override
            public boolean alreadyMember() {
                return organization.isMember(user);
            }

            @Override
            public boolean emailProvenToOrganization() {
                return AssertedEmails.provesAddressTo(session, user, organization);
            }

            @Override
            public boolean roomForMember() {
                return UsageLimits.hasRoomForMember(session, organization);
            }
        });
        switch (decision.reason()) {
            case JOINS -> {
                session.getProvider(OrganizationProvider.class).addMember(organization, user);
                TenancyMetrics.joined(session.getContext().getRealm(), "email-domain");
                LOG.debugf("User %s joined organization %s by verified email domain %s", user.getUsername(),
                        organization.getAlias(), owner.get().domain().getName());
            }
            case VOUCHED_FOR_ELSEWHERE -> LOG.infof("User %s was not joined to organization %s by email domain: the"
                    + " email was vouched for by an identity provider not linked to it", user.getUsername(),
                    organization.getAlias());
            case MEMBER_LIMIT -> {
                TenancyMetrics.limitRefused(session.getContext().getRealm(), "members");
                LOG.infof("User %s was not joined to organization %s by email domain: it has reached its member limit",
                        user.getUsername(), organization.getAlias());
            }
            default -> {
            }
        }
    }
}
