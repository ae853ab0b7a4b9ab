package dev.keycloaktenancy.accounts;

import dev.keycloaktenancy.domains.DomainName;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationDomainModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which members' accounts an organization answers for. It owns the accounts of its managed members (created through
 * its identity provider or by registering through its invitation) and of members whose verified email is at one of
 * its verified domains. Deleting an account is narrower: an organization may delete only the accounts it created and
 * whose identity it vouches for, through its identity provider or a verified email at its verified domains, never a
 * person who merely registered through its invitation with an address elsewhere.
 */
public final class AccountOwnership {

    private final KeycloakSession session;
    private final OrganizationModel organization;

    public AccountOwnership(KeycloakSession session, OrganizationModel organization) {
        this.session = session;
        this.organization = organization;
    }

    /** Whether the organization owns the member's account (its admins may act on it). */
    public boolean owns(UserModel member) {
        return isManaged(member) || hasVerifiedEmailAtVerifiedDomain(member);
    }

    /** Whether removing this member may delete the account (Keycloak deletes managed members it removes). */
    public boolean mayDeleteAccount(UserModel member) {
        return isManaged(member) && (hasVerifiedEmailAtVerifiedDomain(member) || cameThroughOwnIdentityProvider(member));
    }

    public boolean isManaged(UserModel member) {
        return session.getProvider(OrganizationProvider.class).isManagedMember(organization, member);
    }

    public boolean hasVerifiedEmailAtVerifiedDomain(UserModel member) {
        if (!member.isEmailVerified() || member.getEmail() == null) {
            return false;
        }
        Optional<String> domain = DomainName.ofEmail(member.getEmail());
        return domain.isPresent() && organization.getDomains().filter(OrganizationDomainModel::isVerified)
                .anyMatch(verified -> DomainName.covers(verified.getName(), domain.get()));
    }

    public boolean cameThroughOwnIdentityProvider(UserModel member) {
        Set<String> own = organization.getIdentityProviders().map(IdentityProviderModel::getAlias)
                .collect(Collectors.toSet());
        return !own.isEmpty() && session.users().getFederatedIdentitiesStream(session.getContext().getRealm(), member)
                .map(FederatedIdentityModel::getIdentityProvider).anyMatch(own::contains);
    }
}
