<#-- keycloak-tenancy: a user who belongs to no organization creates one at sign-in (or skips, where the realm allows). -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=true; section>
    <#if section = "header">
        ${msg("tenancyCreateOrganizationTitle")}
    <#elseif section = "form">
        <p id="tenancy-create-organization-intro">${msg("tenancyCreateOrganizationIntro")}</p>
        <form id="tenancy-create-organization" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <div class="${properties.kcFormGroupClass!}">
                <label for="tenancy_organization_name" class="${properties.kcLabelClass!}">${msg("tenancyOrganizationName")}</label>
                <input id="tenancy_organization_name" name="tenancy_organization_name" type="text" maxlength="255"
                       value="${tenancyOrganizationName}" class="${properties.kcInputClass!}" autofocus/>
            </div>
            <div class="${properties.kcFormGroupClass!}">
                <label for="tenancy_organization_alias" class="${properties.kcLabelClass!}">${msg("tenancyOrganizationAlias")}</label>
                <input id="tenancy_organization_alias" name="tenancy_organization_alias" type="text" maxlength="64"
                       value="${tenancyOrganizationAlias}" class="${properties.kcInputClass!}"/>
            </div>
            <div class="${properties.kcFormGroupClass!}">
                <button id="tenancy-create-organization-submit" type="submit"
                        class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("tenancyCreateOrganizationSubmit")}</button>
                <#if tenancyMayLeave>
                    <button id="tenancy-create-organization-skip" type="submit" name="tenancy_skip" value="true"
                            class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}">${msg("tenancyCreateOrganizationSkip")}</button>
                </#if>
            </div>
        </form>
    </#if>
</@layout.registrationLayout>
