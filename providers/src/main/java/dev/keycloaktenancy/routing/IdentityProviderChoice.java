package dev.keycloaktenancy.routing;

import dev.keycloaktenancy.InputText;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.OrganizationModel;

import java.util.List;
import java.util.Optional;

/**
 * The page where a user picks one of several identity providers that serve their email domain. The page posts back
 * to the step that showed it; only a provider that was offered is accepted.
 */
final class IdentityProviderChoice {

    static final String PARAMETER = "tenancy_identity_provider";
    private static final String TEMPLATE = "tenancy-select-identity-provider.ftl";
    private static final Logger LOG = Logger.getLogger(IdentityProviderChoice.class);

    private IdentityProviderChoice() {
    }

    static void show(AuthenticationFlowContext context, OrganizationModel organization,
                     List<IdentityProviderModel> choices) {
        context.challenge(page(context, organization, choices).createForm(TEMPLATE));
    }

    private static LoginFormsProvider page(AuthenticationFlowContext context, OrganizationModel organization,
                                           List<IdentityProviderModel> choices) {
        return context.form()
                .setAttribute("tenancyOrganizationName", organization.getName())
                .setAttribute("tenancyIdentityProviders", choices.stream().map(Choice::new).toList());
    }

    static boolean submitted(AuthenticationFlowContext context) {
        return "POST".equalsIgnoreCase(context.getHttpRequest().getHttpMethod())
                && context.getHttpRequest().getDecodedFormParameters().containsKey(PARAMETER);
    }

    /** The provider the user picked; for anything not offered the page is shown again with an error. */
    static Optional<IdentityProviderModel> picked(AuthenticationFlowContext context, OrganizationModel organization,
                                                  List<IdentityProviderModel> choices) {
        String alias = context.getHttpRequest().getDecodedFormParameters().getFirst(PARAMETER);
        Optional<IdentityProviderModel> picked = choices.stream().filter(idp -> idp.getAlias().equals(alias)).findFirst();
        if (picked.isEmpty()) {
            LOG.warnf("Realm %s: refused identity provider choice '%s', which was not offered for organization %s",
                    context.getRealm().getName(), InputText.shorten(alias), organization.getAlias());
            context.challenge(page(context, organization, choices)
                    .setError("tenancyIdentityProviderNotOffered")
                    .createForm(TEMPLATE));
        }
        return picked;
    }

    /** One button on the page (a JavaBean, for the template). */
    public static final class Choice {
        private final String alias;
        private final String displayName;

        Choice(IdentityProviderModel idp) {
            this.alias = idp.getAlias();
            this.displayName = idp.getDisplayName() == null || idp.getDisplayName().isBlank()
                    ? idp.getAlias() : idp.getDisplayName();
        }

        public String getAlias() {
            return alias;
        }

        public String getDisplayName() {
            return displayName;
        }
    }
}
