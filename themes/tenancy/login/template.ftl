<#--
  keycloak-tenancy login layout. The pages themselves come from keycloak.v2; this layout puts the organization's (or
  the platform realm's) branding around them. tenancyBrand holds only values the pack has validated: colours are
  #rrggbb, the logo is an https URL or a path on this server, the name is plain text (escaped like every ${...}).
-->
<#macro registrationLayout bodyClass="" displayInfo=false displayMessage=true displayRequiredFields=false>
<#assign brand = tenancyBrand!{}>
<!DOCTYPE html>
<html class="${properties.kcHtmlClass!}" lang="${lang}">
<head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="robots" content="noindex, nofollow">
    <title>${brand.displayName!(realm.displayName!realm.name)}</title>
    <link rel="icon" href="${url.resourcesPath}/img/favicon.ico">
    <#list (properties.stylesCommon!'')?split(' ') as sheet><#if sheet?has_content>
    <link rel="stylesheet" href="${url.resourcesCommonPath}/${sheet}">
    </#if></#list>
    <#list (properties.styles!'')?split(' ') as sheet><#if sheet?has_content>
    <link rel="stylesheet" href="${url.resourcesPath}/${sheet}">
    </#if></#list>
    <#if brand.primaryColor?? || brand.backgroundColor??>
    <style id="tenancy-brand-colours">
        <#if brand.primaryColor??>
        :root {
            --keycloak-card-top-color: ${brand.primaryColor};
            --pf-v5-global--primary-color--100: ${brand.primaryColor};
            --pf-v5-global--primary-color--200: ${brand.primaryColor};
            --pf-v5-global--link--Color: ${brand.primaryColor};
            --pf-v5-global--link--Color--hover: ${brand.primaryColor};
        }
        </#if>
        <#if brand.backgroundColor??>
        .login-pf body { background: ${brand.backgroundColor}; }
        #kc-header-wrapper.tenancy-brand { color: #151515 !important; }
        </#if>
    </style>
    </#if>
    <#list (properties.scripts!'')?split(' ') as script><#if script?has_content>
    <script src="${url.resourcesPath}/${script}"></script>
    </#if></#list>
    <#if scripts??><#list scripts as script>
    <script src="${script}"></script>
    </#list></#if>
    <script type="module" src="${url.resourcesPath}/js/passwordVisibility.js"></script>
</head>
<body id="keycloak-bg" class="${properties.kcBodyClass!} tenancy-body" data-page-id="login-${pageId}"<#if brand.organization??> data-tenancy-organization="${brand.organization}"</#if>>
<div class="${properties.kcLogin!}">
  <div class="${properties.kcLoginContainer!}">
    <header id="kc-header" class="pf-v5-c-login__header tenancy-header">
      <div id="kc-header-wrapper" class="pf-v5-c-brand tenancy-brand">
        <#if brand.logoUrl??>
          <img id="tenancy-brand-logo" class="tenancy-brand-logo" src="${brand.logoUrl}" alt="">
        </#if>
        <#if brand.displayName??>
          <span id="tenancy-brand-name" class="tenancy-brand-name">${brand.displayName}</span>
        <#else>
          <span id="tenancy-brand-name" class="tenancy-brand-name">${kcSanitize(msg("loginTitleHtml", (realm.displayNameHtml!realm.name)))?no_esc}</span>
        </#if>
      </div>
    </header>
    <main class="${properties.kcLoginMain!}">
      <div class="${properties.kcLoginMainHeader!}">
        <h1 class="${properties.kcLoginMainTitle!}" id="kc-page-title"><#nested "header"></h1>
        <#if realm.internationalizationEnabled && locale.supported?size gt 1>
        <div class="${properties.kcLoginMainHeaderUtilities!}">
          <select id="login-select-toggle" class="${properties.kcInputClass!}" aria-label="${msg("languages")}"
                  onchange="if (this.value) window.location.href=this.value">
            <#list locale.supported?sort_by("label") as language>
              <option value="${language.url}"<#if language.languageTag == locale.currentLanguageTag> selected</#if>>${language.label}</option>
            </#list>
          </select>
        </div>
        </#if>
      </div>
      <div class="${properties.kcLoginMainBody!}">
        <#if auth?has_content && auth.showUsername() && !auth.showResetCredentials()>
          <div class="${properties.kcFormClass!} ${properties.kcContentWrapperClass!}">
            <#nested "show-username">
            <div class="${properties.kcFormGroupClass!}">
              <div class="${properties.kcInputGroup!}">
                <div class="${properties.kcInputGroupItemClass!} ${properties.kcFill!}">
                  <span class="${properties.kcInputClass!} ${properties.kcFormReadOnlyClass!}">
                    <input id="kc-attempted-username" value="${auth.attemptedUsername}" aria-label="${msg("username")}" readonly>
                  </span>
                </div>
                <div class="${properties.kcInputGroupItemClass!}">
                  <a id="reset-login" class="${properties.kcButtonClass!} pf-m-plain" href="${url.loginRestartFlowUrl}"
                     aria-label="${msg("restartLoginTooltip")}" title="${msg("restartLoginTooltip")}"><i class="fa-sync-alt fas" aria-hidden="true"></i></a>
                </div>
              </div>
            </div>
          </div>
        </#if>
        <#if displayRequiredFields>
          <p class="${properties.kcInputHelperTextItemTextClass!}"><span class="${properties.kcInputRequiredClass!}">*</span> ${msg("requiredFields")}</p>
        </#if>

        <#if displayMessage && message?has_content && (message.type != 'warning' || !isAppInitiatedAction??)>
          <div class="${properties.kcAlertClass!} pf-m-${(message.type == 'error')?then('danger', message.type)}" role="alert">
            <span class="${properties.kcAlertTitleClass!} kc-feedback-text">${message.summary}</span>
          </div>
        </#if>

        <#nested "form">

        <#if auth?has_content && auth.showTryAnotherWayLink()>
          <form id="kc-select-try-another-way-form" action="${url.loginAction}" method="post" novalidate="novalidate">
            <input type="hidden" name="tryAnotherWay" value="on">
            <button id="try-another-way" type="submit"
                    class="${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!} ${properties.kcMarginTopClass!}">${msg("doTryAnotherWay")}</button>
          </form>
        </#if>

        <#if switchOrganizationEnabled?? && switchOrganizationEnabled>
          <form id="kc-switch-organization-form" action="${url.loginAction}" method="post" novalidate="novalidate">
            <input type="hidden" name="switchOrganization" value="true">
            <button id="switch-organization" type="submit"
                    class="${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!} ${properties.kcMarginTopClass!}">${msg("doSwitchOrganization")}</button>
          </form>
        </#if>

        <div class="${properties.kcLoginMainFooter!}">
          <#nested "socialProviders">
          <#if displayInfo>
            <div id="kc-info" class="${properties.kcLoginMainFooterBand!} ${properties.kcFormClass!}">
              <div id="kc-info-wrapper" class="${properties.kcLoginMainFooterBandItem!}">
                <#nested "info">
              </div>
            </div>
          </#if>
        </div>
      </div>
    </main>
  </div>
</div>
</body>
</html>
</#macro>
