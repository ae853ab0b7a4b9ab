package dev.keycloaktenancy.keycloak;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.organization.OrganizationProvider;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one way the pack writes an organization's attributes (Keycloak 26.7 keeps them on the organization's internal
 * group; 26.8 moves them). Keycloak stores the whole map at once, so two writers of different keys could undo each
 * other: the organization's row is locked first and the attributes read afresh, so the pack's writers queue up and
 * each changes only the keys it names.
 */
public final class OrganizationAttributes {

    private OrganizationAttributes() {
    }

    /**
     * Sets the given attributes (an empty or null value removes one), leaving every other one as stored; returns the
     * attributes as they are now.
     */
    public static Map<String, List<String>> change(KeycloakSession session, OrganizationModel organization,
                                                   Map<String, List<String>> changes) {
        RowLocks.of(session).lockOrganization(organization.getId());
        OrganizationModel current = session.getProvider(OrganizationProvider.class).getById(organization.getId());
        OrganizationModel target = current == null ? organization : current;
        Map<String, List<String>> attributes = new HashMap<>(target.getAttributes());
        boolean changed = false;
        for (Map.Entry<String, List<String>> change : changes.entrySet()) {
            List<String> value = change.getValue();
            if (value == null || value.isEmpty()) {
                changed |= attributes.remove(change.getKey()) != null;
            } else if (!value.equals(attributes.get(change.getKey()))) {
                attributes.put(change.getKey(), List.copyOf(value));
                changed = true;
            }
        }
        if (changed) {
            target.setAttributes(attributes);
        }
        return attributes;
    }

    /** One attribute: a single value, or removed when null. */
    public static Map<String, List<String>> set(KeycloakSession session, OrganizationModel organization, String key,
                                                String value) {
        Map<String, List<String>> change = new HashMap<>();
        change.put(key, value == null ? null : List.of(value));
        return change(session, organization, change);
    }
}
