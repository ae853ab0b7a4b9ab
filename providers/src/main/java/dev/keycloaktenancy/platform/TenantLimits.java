package dev.keycloaktenancy.platform;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keycloaktenancy.LimitValue;
import dev.keycloaktenancy.Tenancy;
import org.keycloak.models.RealmModel;

import java.util.ArrayList;
import java.util.List;

/** A tenant realm's limits, kept as realm attributes; null means no limit. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TenantLimits(@JsonProperty("maxUsers") Integer maxUsers,
                           @JsonProperty("maxOrganizations") Integer maxOrganizations) {

    static final int HIGHEST = LimitValue.HIGHEST;

    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (maxUsers != null && (maxUsers < 1 || maxUsers > HIGHEST)) {
            problems.add("limits.maxUsers: a whole number from 1 to " + HIGHEST);
        }
        if (maxOrganizations != null && (maxOrganizations < 0 || maxOrganizations > HIGHEST)) {
            problems.add("limits.maxOrganizations: a whole number from 0 to " + HIGHEST);
        }
        return problems;
    }

    static TenantLimits of(RealmModel realm) {
        String owner = "realm " + realm.getName();
        return new TenantLimits(LimitValue.read(realm.getAttribute(Tenancy.MAX_USERS), realm, owner, Tenancy.MAX_USERS),
                LimitValue.read(realm.getAttribute(Tenancy.MAX_ORGANIZATIONS), realm, owner, Tenancy.MAX_ORGANIZATIONS));
    }
}
