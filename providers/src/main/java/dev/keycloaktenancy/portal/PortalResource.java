package dev.keycloaktenancy.portal;

import dev.keycloaktenancy.Tenancy;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.headers.SecurityHeadersProvider;
import org.jboss.logging.Logger;
import org.keycloak.models.BrowserSecurityHeaders;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * {@code /realms/{realm}/tenancy/portal/}: the organization admin portal, a page and its scripts served from the JAR.
 * The page signs in with {@link PortalClient} and calls only the self-service API with the user's token, so it can do
 * nothing the API would refuse. Every answer carries a strict Content-Security-Policy: scripts and styles come from
 * this server only, nothing inline runs, and no other site may frame the portal.
 */
public final class PortalResource {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self' https: data:; font-src 'self'; connect-src 'self'; form-action 'self';"
            + " base-uri 'none'; frame-ancestors 'none'";

    private static final Logger LOG = Logger.getLogger(PortalResource.class);

    private final KeycloakSession session;

    public PortalResource(KeycloakSession session) {
        this.session = session;
    }

    /**
     * The page, at the portal's address on the realm's frontend URL, with its trailing slash: the scripts' relative
     * addresses resolve there, and the Content-Security-Policy lets the page call that origin only.
     */
    @GET
    public Response page() {
        RealmModel realm = session.getContext().getRealm();
        PortalPage page = new PortalPage(session, realm);
        if (!Tenancy.isEnabled(realm)) {
            return html(Response.Status.NOT_FOUND, page.unavailable("Organization administration is not turned on in"
                    + " this realm."));
        }
        URI requested = session.getContext().getUri().getRequestUri();
        URI canonical = URI.create(page.portalUrl());
        if (!requested.getRawPath().equals(canonical.getRawPath()) || !sameOrigin(requested, canonical)) {
            return secured(Response.status(Response.Status.FOUND).location(canonical)).build();
        }
        String clientProblem = PortalClient.problem(realm);
        if (clientProblem != null) {
            LOG.warnf("Organization admin portal of realm %s cannot sign anyone in: %s", realm.getName(), clientProblem);
            return html(Response.Status.NOT_FOUND, page.unavailable(clientProblem));
        }
        return html(Response.Status.OK, page.render());
    }

    /**
     * The mode for realm administrators, in any realm where the admin client {@link AdminPortalClient} is (master, and
     * realms with tenancy on): it signs in at this realm and calls the admin REST API of the realms the administrator
     * picks, so Keycloak's admin roles and fine-grained admin permissions decide everything it shows and does.
     */
    @GET
    @Path("admin")
    public Response adminPage() {
        RealmModel realm = session.getContext().getRealm();
        PortalPage page = new PortalPage(session, realm);
        URI requested = session.getContext().getUri().getRequestUri();
        URI canonical = URI.create(page.adminUrl());
        String clientProblem = AdminPortalClient.problem(realm);
        if (clientProblem != null) {
            return html(Response.Status.NOT_FOUND, page.unavailable(clientProblem));
        }
        if (!requested.getRawPath().equals(canonical.getRawPath()) || !sameOrigin(requested, canonical)) {
            return secured(Response.status(Response.Status.FOUND).location(canonical)).build();
        }
        return html(Response.Status.OK, page.renderAdmin());
    }

    @GET
    @Path("assets/{file: (pages/)?[a-z0-9-]+\\.(js|css|svg)}")
    public Response asset(@PathParam("file") String file, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        RealmModel realm = session.getContext().getRealm();
        boolean served = Tenancy.isEnabled(realm) || AdminPortalClient.problem(realm) == null;
        PortalAssets.Asset asset = served ? PortalAssets.get("assets/" + file) : null;
        if (asset == null) {
            return secured(Response.status(Response.Status.NOT_FOUND).type(MediaType.TEXT_PLAIN_TYPE)
                    .entity("No such file.")).build();
        }
        if (matches(ifNoneMatch, asset.etag())) {
            return secured(Response.notModified(asset.etag())).build();
        }
        // Revalidated on every use, so an upgraded JAR's scripts are never mixed with an older page.
        return secured(Response.ok(asset.content(), asset.mediaType()))
                .header(HttpHeaders.ETAG, asset.etag())
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .build();
    }

    /** Whether an If-None-Match header (a list of tags, weak or not, or *) names this tag. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || (tag.startsWith("W/") ? tag.substring(2) : tag).equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && effectivePort(a) == effectivePort(b);
    }

    private static int effectivePort(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private Response html(Response.Status status, String body) {
        return secured(Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(body))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }

    /**
     * The portal's own security headers in place of the realm's, whose policy allows framing by the realm's pages; the
     * realm's settings still decide HSTS and robots.
     */
    private Response.ResponseBuilder secured(Response.ResponseBuilder builder) {
        session.getProvider(SecurityHeadersProvider.class).options().skipHeaders();
        Map<String, String> realmHeaders = session.getContext().getRealm().getBrowserSecurityHeaders();
        for (BrowserSecurityHeaders header : List.of(BrowserSecurityHeaders.STRICT_TRANSPORT_SECURITY,
                BrowserSecurityHeaders.X_ROBOTS_TAG)) {
            String value = realmHeaders.getOrDefault(header.getKey(), header.getDefaultValue());
            if (value != null && !value.isBlank()) {
                builder.header(header.getHeaderName(), value);
            }
        }
        return builder.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer");
    }
}
