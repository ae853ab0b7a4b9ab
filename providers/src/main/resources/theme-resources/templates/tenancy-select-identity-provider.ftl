<#-- keycloak-tenancy: pick one of the identity providers that serve the user's email domain. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayInfo=true; section>
    <#if section = "header">
        ${msg("tenancySelectIdentityProviderTitle")}
    <#elseif section = "form">
        <p id="tenancy-select-identity-provider-intro">${msg("tenancySelectIdentityProviderIntro", tenancyOrganizationName)}</p>
        <form id="tenancy-select-identity-provider" action="${url.loginAction}" method="post">
            <#list tenancyIdentityProviders as provider>
                <div class="${properties.kcFormGroupClass!}">
                    <button id="tenancy-identity-provider-${provider.alias}" type="submit"
                            name="tenancy_identity_provider" value="${provider.alias}"
                            class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}">${provider.displayName}</button>
                </div>
            </#list>
        </form>
    <#elseif section = "info">
        <a id="tenancy-use-another-account" href="${url.loginRestartFlowUrl}">${msg("tenancyUseAnotherAccount")}</a>
    </#if>
</@layout.registrationLayout>
