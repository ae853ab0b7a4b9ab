<#--
  keycloak-tenancy email layout. tenancyBrand holds only validated values (see the login layout); everything is
  escaped. Email clients ignore style sheets, so the few styles are inline.
-->
<#macro emailLayout>
<#assign brand = tenancyBrand!{}>
<#assign accent = brand.primaryColor!"#0066cc">
<html lang="${locale.language}" dir="${(ltr)?then('ltr','rtl')}">
<body style="margin:0;padding:0;background:${brand.backgroundColor!'#f5f5f5'};font-family:Arial,Helvetica,sans-serif;color:#151515;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:${brand.backgroundColor!'#f5f5f5'};">
  <tr><td align="center" style="padding:24px 12px;">
    <table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-top:4px solid ${accent};">
      <tr><td id="tenancy-email-header" style="padding:20px 24px;border-bottom:1px solid #e0e0e0;">
        <#if brand.logoUrl??><img id="tenancy-email-logo" src="${brand.logoUrl}" alt="" height="40" style="height:40px;vertical-align:middle;margin-right:12px;"></#if>
        <span id="tenancy-email-name" style="font-size:20px;font-weight:bold;vertical-align:middle;">${brand.displayName!realmName}</span>
      </td></tr>
      <tr><td style="padding:24px;font-size:15px;line-height:1.5;">
        <#nested>
      </td></tr>
    </table>
  </td></tr>
</table>
</body>
</html>
</#macro>
