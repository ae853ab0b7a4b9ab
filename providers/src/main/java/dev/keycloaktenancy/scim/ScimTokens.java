package dev.keycloaktenancy.scim;

import dev.keycloaktenancy.InputText;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.scim.jpa.ScimTokenEntity;
import jakarta.persistence.EntityManager;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An organization's SCIM bearer tokens: a 32-byte random secret shown once at creation, stored as its SHA-256 (the
 * secret has full entropy, so a plain hash is as strong as a slow one and keeps the look-up one indexed read).
 */
public final class ScimTokens {

    /** Tokens start with this, so that secret scanners and people recognise them. */
    public static final String PREFIX = "tscim_";
    public static final int MAX_PER_ORGANIZATION = 10;
    public static final int MAX_NAME_LENGTH = 100;
    /** Last use is written at most this often per token, so that a sync does not write a row per request. */
    static final long LAST_USE_RESOLUTION_MS = 60_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A token as listed: never its secret. */
    public record TokenView(String id, String name, long createdTimestamp, Long lastUsedTimestamp, String createdBy) {

        static TokenView of(ScimTokenEntity entity) {
            return new TokenView(entity.getId(), entity.getName(), entity.getCreatedTimestamp(),
                    entity.getLastUsedTimestamp(), entity.getCreatedBy());
        }
    }

    /** A new token: the secret, this once. */
    public record NewToken(TokenView view, String secret) {
    }

    /** Whom a valid token lets in. */
    public record Holder(String tokenId, String realmId, String organizationId, String createdBy) {
    }

    private final KeycloakSession session;

    public ScimTokens(KeycloakSession session) {
        this.session = session;
    }

    public List<TokenView> list(OrganizationModel organization) {
        return em().createNamedQuery("tenancy.scimTokensOfOrganization", ScimTokenEntity.class)
                .setParameter("organizationId", organization.getId()).getResultStream().map(TokenView::of).toList();
    }

    public NewToken create(RealmModel realm, OrganizationModel organization, String name, String createdBy) {
        String shownName = name == null || name.isBlank() ? "SCIM token" : name.strip();
        if (shownName.length() > MAX_NAME_LENGTH || !InputText.isPlainLine(shownName)) {
            throw TenancyException.badRequest("A token's name is one line of at most " + MAX_NAME_LENGTH
                    + " characters.");
        }
        long count = em().createNamedQuery("tenancy.countScimTokensOfOrganization", Long.class)
                .setParameter("organizationId", organization.getId()).getSingleResult();
        if (count >= MAX_PER_ORGANIZATION) {
            throw TenancyException.conflict("limit_reached", organization.getName() + " already has "
                    + MAX_PER_ORGANIZATION + " SCIM tokens, the most an organization may have. Revoke one it no longer"
                    + " uses first.");
        }
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        ScimTokenEntity entity = new ScimTokenEntity();
        entity.setId(UUID.randomUUID().toString());
        entity.setRealmId(realm.getId());
        entity.setOrganizationId(organization.getId());
        entity.setName(shownName);
        entity.setTokenHash(hash(secret));
        entity.setCreatedBy(createdBy);
        entity.setCreatedTimestamp(Time.currentTimeMillis());
        em().persist(entity);
        return new NewToken(TokenView.of(entity), secret);
    }

    /** Revokes a token of the organization; another organization's token id is not found. */
    public TokenView revoke(OrganizationModel organization, String tokenId) {
        ScimTokenEntity entity = InputText.isSafeKey(tokenId) ? em().find(ScimTokenEntity.class, tokenId) : null;
        if (entity == null || !entity.getOrganizationId().equals(organization.getId())) {
            throw TenancyException.notFound(organization.getName() + " has no SCIM token with id '"
                    + InputText.shorten(tokenId) + "'.");
        }
        em().remove(entity);
        return TokenView.of(entity);
    }

    /** The holder of a presented secret of the realm, noting its use; empty for anything else. */
    public Optional<Holder> authenticate(RealmModel realm, String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 200) {
            return Optional.empty();
        }
        Optional<ScimTokenEntity> found = em().createNamedQuery("tenancy.scimTokenByHash", ScimTokenEntity.class)
                .setParameter("hash", hash(secret)).getResultStream().findFirst()
                .filter(entity -> entity.getRealmId().equals(realm.getId()));
        found.ifPresent(entity -> {
            long now = Time.currentTimeMillis();
            Long last = entity.getLastUsedTimestamp();
            if (last == null || now - last >= LAST_USE_RESOLUTION_MS) {
                entity.setLastUsedTimestamp(now);
            }
        });
        return found.map(entity -> new Holder(entity.getId(), entity.getRealmId(), entity.getOrganizationId(),
                entity.getCreatedBy()));
    }

    public static void forgetOrganization(KeycloakSession session, String organizationId) {
        new ScimTokens(session).em().createNamedQuery("tenancy.deleteScimTokensOfOrganization")
                .setParameter("organizationId", organizationId).executeUpdate();
    }

    public static void forgetRealm(KeycloakSession session, String realmId) {
        new ScimTokens(session).em().createNamedQuery("tenancy.deleteScimTokensOfRealm")
                .setParameter("realmId", realmId).executeUpdate();
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no SHA-256", e);
        }
    }

    private EntityManager em() {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
