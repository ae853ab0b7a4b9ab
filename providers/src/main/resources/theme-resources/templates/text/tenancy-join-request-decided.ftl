<#ftl output_format="plainText">
<#if approved>
${msg("tenancyJoinRequestApprovedBody", organizationName, link)}
<#else>
${msg("tenancyJoinRequestDeclinedBody", organizationName, link)}
</#if>
