package dev.keycloaktenancy.keycloak;

import org.keycloak.models.KeycloakSession;

import java.util.List;

/** Questions about all organizations of a realm at once, answered by one query on Keycloak's tables each. */
public interface DomainTable {

    static DomainTable of(KeycloakSession session) {
        return new JpaDomainTable(session);
    }

    /**
     * The domains of the realm's other organizations stored under one of the given names, plus those below a zone (a
     * name ending in "." + zone) when a zone is given.
     *
     * @param verifiedOnly only verified domains (what a new claim must not overlap); otherwise pending claims too
     */
    List<String> domainsOfOthers(String realmId, String organizationId, List<String> names, String zoneBelow,
                                 boolean verifiedOnly);

    /** The ids of the realm's other organizations that hold this exact domain name, verified or not. */
    List<String> holdersOf(String realmId, String organizationId, String name);

    /** Domain names that more than one organization of the realm holds (claims that raced). */
    List<String> duplicateNames(String realmId);
}
