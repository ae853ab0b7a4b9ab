package dev.keycloaktenancy.api.organization;

import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.keycloak.DomainTable;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An organization's admins may not name or brand it with a name another organization of the realm uses, nor the
 * realm's own name: people would mistake one for the other on login pages and in invitations. Names are compared by
 * a skeleton that folds case, spacing, compatibility forms, accents, invisible characters and the Cyrillic and Greek
 * letters that look like Latin ones. Realm administrators are trusted to choose.
 */
final class OrganizationNames {

    /** Lower-case Cyrillic and Greek letters that render like Latin ones. */
    private static final Map<Integer, String> LOOK_ALIKES = lookAlikes(
            "аa", "вb", "еe", "ёe", "кk", "мm", "нh", "оo", "рp", "сc", "тt", "уy", "хx", "ѕs", "іi", "їi", "јj", "һh",
            "ԁd", "ԛq", "ԝw", "αa", "βb", "εe", "ηn", "ιi", "κk", "νv", "οo", "ρp", "τt", "υu", "χx", "ωw", "ζz");

    private OrganizationNames() {
    }

    static void requireOwnName(KeycloakSession session, OrganizationModel organization, String name) {
        String wanted = comparable(name);
        RealmModel realm = session.getContext().getRealm();
        List<String> others = new ArrayList<>(DomainTable.of(session).namesOfOthers(realm.getId(), organization.getId(),
                Tenancy.BRAND_DISPLAY_NAME));
        others.add(realm.getName());
        if (realm.getDisplayName() != null) {
            others.add(realm.getDisplayName());
        }
        boolean taken = others.stream().anyMatch(other -> comparable(other).equals(wanted));
        if (taken) {
            throw TenancyException.conflict("name_taken", "Another organization of this realm is already called '" + name
                    + "' (or something that reads the same); choose a name of your own.");
        }
    }

    /**
     * The name's skeleton: compatibility-decomposed, without marks and invisible format characters, look-alike
     * Cyrillic and Greek letters read as Latin, lower case, spaces collapsed.
     */
    static String comparable(String name) {
        String decomposed = Normalizer.normalize(name, Normalizer.Form.NFKD)
                .replaceAll("[\\p{M}\\p{Cf}]", "").toLowerCase(Locale.ROOT);
        StringBuilder skeleton = new StringBuilder(decomposed.length());
        decomposed.codePoints().forEach(c -> skeleton.append(LOOK_ALIKES.getOrDefault(c, Character.toString(c))));
        return skeleton.toString().strip().replaceAll("\\s+", " ");
    }

    private static Map<Integer, String> lookAlikes(String... pairs) {
        Map<Integer, String> map = new HashMap<>();
        for (String pair : pairs) {
            map.put(pair.codePointAt(0), pair.substring(pair.offsetByCodePoints(0, 1)));
        }
        return Map.copyOf(map);
    }
}
