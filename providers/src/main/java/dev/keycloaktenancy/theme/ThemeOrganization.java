package dev.keycloaktenancy.theme;

import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.domains.DomainOwner;
import dev.keycloaktenancy.keycloak.IdentityFirstLogin;
import dev.keycloaktenancy.keycloak.OidcLogin;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Which organization a page or an email is for. Login pages, in order: the organization already resolved in the
 * flow, a requested {@code organization:<alias>} scope, the login_hint's domain (verified domains only, so nobody
 * brands pages for a domain they have not proven), the client attribute {@code tenancy.organization}. Emails: the
 * organization the email is about (an invitation), the flow's organization, or the user's only organization.
 */
public final class ThemeOrganization {

    /** Auth note remembering what the scope, login_hint and client said, so later pages of a login skip the lookups. */
    static final String RESOLVED_NOTE = "tenancy.theme.organization";
    private static final String NONE = "-";
    private static final String EMAIL_ORGANIZATION = ThemeOrganization.class.getName() + ".email-organization";
    private static final String EMAIL_USER = ThemeOrganization.class.getName() + ".email-user";

    private ThemeOrganization() {
    }

    public static Optional<OrganizationModel> forLoginPage(KeycloakSession session) {
        OrganizationProvider organizations = organizations(session);
        if (organizations == null) {
            return Optional.empty();
        }
        OrganizationModel inFlow = session.getContext().getOrganization();
        if (inFlow != null) {
            return enabled(inFlow);
        }
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        if (authSession == null) {
            return fromRequest(session, organizations, null);
        }
        String flowOrganization = authSession.getAuthNote(IdentityFirstLogin.FLOW_ORGANIZATION_NOTE);
        if (flowOrganization != null) {
            return enabled(organizations.getById(flowOrganization));
        }
        String remembered = authSession.getAuthNote(RESOLVED_NOTE);
        if (remembered != null) {
            return NONE.equals(remembered) ? Optional.empty() : enabled(organizations.getById(remembered));
        }
        Optional<OrganizationModel> found = fromRequest(session, organizations, authSession);
        authSession.setAuthNote(RESOLVED_NOTE, found.map(OrganizationModel::getId).orElse(NONE));
        return found;
    }

    /** Set by the email provider before it picks the theme: whom the email goes to, and what it is about. */
    static void rememberEmail(KeycloakSession session, UserModel user, OrganizationModel about) {
        if (user != null) {
            session.setAttribute(EMAIL_USER, user);
        } else {
            session.removeAttribute(EMAIL_USER);
        }
        if (about != null) {
            session.setAttribute(EMAIL_ORGANIZATION, about);
        } else {
            session.removeAttribute(EMAIL_ORGANIZATION);
        }
    }

    public static Optional<OrganizationModel> forEmail(KeycloakSession session) {
        OrganizationProvider organizations = organizations(session);
        if (organizations == null) {
            return Optional.empty();
        }
        OrganizationModel about = session.getAttribute(EMAIL_ORGANIZATION, OrganizationModel.class);
        if (about != null) {
            return enabled(about);
        }
        OrganizationModel inFlow = session.getContext().getOrganization();
        if (inFlow != null) {
            return enabled(inFlow);
        }
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        String flowOrganization = authSession == null ? null : authSession.getAuthNote(IdentityFirstLogin.FLOW_ORGANIZATION_NOTE);
        if (flowOrganization != null) {
            return enabled(organizations.getById(flowOrganization));
        }
        UserModel user = session.getAttribute(EMAIL_USER, UserModel.class);
        if (user == null) {
            return Optional.empty();
        }
        List<OrganizationModel> memberships = organizations.getByMember(user).limit(2).toList();
        return memberships.size() == 1 ? enabled(memberships.get(0)) : Optional.empty();
    }

    private static Optional<OrganizationModel> fromRequest(KeycloakSession session, OrganizationProvider organizations,
                                                           AuthenticationSessionModel authSession) {
        if (authSession != null) {
            Optional<OrganizationModel> byScope = requestedScopeAlias(OidcLogin.scope(authSession))
                    .map(organizations::getByAlias);
            if (byScope.isPresent()) {
                return enabled(byScope.get());
            }
            Optional<OrganizationModel> byHint = DomainOwner.of(session,
                    OidcLogin.loginHint(authSession)).map(DomainOwner::organization);
            if (byHint.isPresent()) {
                return byHint;
            }
        }
        ClientModel client = authSession != null ? authSession.getClient() : session.getContext().getClient();
        String alias = client == null ? null : client.getAttribute(Tenancy.CLIENT_ORGANIZATION);
        return alias == null || alias.isBlank() ? Optional.empty() : enabled(organizations.getByAlias(alias.trim()));
    }

    /** The alias of a single {@code organization:<alias>} scope; the "any" form names none. */
    static Optional<String> requestedScopeAlias(String scope) {
        if (scope == null) {
            return Optional.empty();
        }
        List<String> aliases = Arrays.stream(scope.split(" "))
                .filter(value -> value.startsWith("organization:"))
                .map(value -> value.substring("organization:".length()))
                .filter(alias -> !alias.isEmpty() && !alias.equals("*"))
                .distinct()
                .toList();
        return aliases.size() == 1 ? Optional.of(aliases.get(0)) : Optional.empty();
    }

    private static Optional<OrganizationModel> enabled(OrganizationModel organization) {
        return Optional.ofNullable(organization).filter(OrganizationModel::isEnabled);
    }

    private static OrganizationProvider organizations(KeycloakSession session) {
        return Tenancy.organizations(session);
    }
}
