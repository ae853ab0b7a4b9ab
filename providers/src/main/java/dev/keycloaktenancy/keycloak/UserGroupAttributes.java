package dev.keycloaktenancy.keycloak;

import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A user's attribute values as Keycloak's {@code KeycloakModelUtils.resolveAttribute} finds them: the user's own
 * values, else (or, aggregated, also) those of the first of the user's groups whose chain of parents holds the
 * attribute (aggregated: of all of them). Keycloak reads every group of the user, and each group's parents, for each
 * attribute it resolves; here the user's groups are read once per request, at the first attribute that needs them,
 * and each attribute then looks only at the groups that hold it, in the same order, through Keycloak's own
 * resolution of a group. The values, and their order, are Keycloak's.
 * <p>
 * Kept for one request (the Keycloak session): a token request reads the same memberships from start to end.
 */
final class UserGroupAttributes {

    private final UserModel user;
    private Map<String, List<GroupModel>> groupsHolding;

    private UserGroupAttributes(UserModel user) {
        this.user = user;
    }

    /** The user's attributes for this request, read once per request and user. */
    static UserGroupAttributes of(KeycloakSession session, UserModel user) {
        String key = UserGroupAttributes.class.getName() + ":" + user.getId();
        UserGroupAttributes kept = session.getAttribute(key, UserGroupAttributes.class);
        if (kept == null || kept.user != user) {
            kept = new UserGroupAttributes(user);
            session.setAttribute(key, kept);
        }
        return kept;
    }

    /** What Keycloak's {@code resolveAttribute(user, name, aggregate)} answers, built the same way. */
    Collection<String> resolve(String name, boolean aggregate) {
        List<String> values = user.getAttributeStream(name).collect(Collectors.toList());
        Set<String> aggregated = new HashSet<>();
        if (!values.isEmpty()) {
            if (!aggregate) {
                return values;
            }
            aggregated.addAll(values);
        }
        List<GroupModel> groups = groupsHolding().getOrDefault(name, List.of());
        if (!aggregate) {
            for (GroupModel group : groups) {
                Collection<String> found = KeycloakModelUtils.resolveAttribute(group, name, false);
                if (!found.isEmpty()) {
                    return found;
                }
            }
            return aggregated;
        }
        aggregated.addAll(groups.stream()
                .map(group -> KeycloakModelUtils.resolveAttribute(group, name, true))
                .flatMap(Collection::stream)
                .collect(Collectors.toSet()));
        return aggregated;
    }

    /**
     * For each attribute name, the user's groups (in the user's order) where that group or one of its parents holds
     * a value of it: the only groups whose resolution of that name is not empty.
     */
    private Map<String, List<GroupModel>> groupsHolding() {
        if (groupsHolding == null) {
            Map<String, List<GroupModel>> holding = new HashMap<>();
            user.getGroupsStream().forEach(group -> {
                for (GroupModel level = group; level != null; level = level.getParentId() == null ? null : level.getParent()) {
                    level.getAttributes().forEach((name, values) -> {
                        if (values != null && !values.isEmpty()) {
                            List<GroupModel> groups = holding.computeIfAbsent(name, n -> new ArrayList<>());
                            if (groups.isEmpty() || groups.get(groups.size() - 1) != group) {
                                groups.add(group);
                            }
                        }
                    });
                }
            });
            groupsHolding = holding;
        }
        return groupsHolding;
    }
}
