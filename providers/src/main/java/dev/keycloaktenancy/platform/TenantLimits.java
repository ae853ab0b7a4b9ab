package dev.keycloaktenancy.platform;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.keycloak.models.RealmModel;

import java.util.ArrayList;
import java.util.List;

/** A tenant realm's limits, kept as realm attributes; null means no limit. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TenantLimits(@JsonProperty("maxUsers") Integer maxUsers,
                           @JsonProperty("maxOrganizations") Integer maxOrganizations) {

    public static final String MAX_USERS = "tenancy.limits.max-users";
    public static final String MAX_ORGANIZATIONS = "tenancy.limits.max-organizations";
    static final int HIGHEST = 10_000_000;

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
        return new TenantLimits(number(realm.getAttribute(MAX_USERS)), number(realm.getAttribute(MAX_ORGANIZATIONS)));
    }

    private static Integer number(String value) {
        try {
            return value == null ? null : Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
