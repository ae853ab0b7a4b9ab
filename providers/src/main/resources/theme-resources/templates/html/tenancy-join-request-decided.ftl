<#import "template.ftl" as layout>
<@layout.emailLayout>
<#if approved>
    ${kcSanitize(msg("tenancyJoinRequestApprovedBodyHtml", organizationName, link))?no_esc}
<#else>
    ${kcSanitize(msg("tenancyJoinRequestDeclinedBodyHtml", organizationName, link))?no_esc}
</#if>
</@layout.emailLayout>
