package dev.keycloaktenancy.api.selfservice;

import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.keycloak.DomainTable;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;

import java.text.Normalizer;
import java.util.Locale;

/**
 * An organization's admins may not name or brand it with a name another organization of the realm uses, in any case,
 * spacing or Unicode look-alike form that compatibility normalization folds together: people would mistake one for
 * the other on login pages and in invitations. Realm administrators, who set attributes in the admin console, are
 * trusted to choose.
 */
final class OrganizationNames {

    private OrganizationNames() {
    }

    static void requireOwnName(KeycloakSession session, OrganizationModel organization, String name) {
        String wanted = comparable(name);
        boolean taken = DomainTable.of(session).namesOfOthers(session.getContext().getRealm().getId(),
                organization.getId(), Tenancy.BRAND_DISPLAY_NAME).stream().anyMatch(other -> comparable(other).equals(wanted));
        if (taken) {
            throw TenancyException.conflict("Another organization of this realm is already called '" + name
                    + "' (or something that reads the same); choose a name of your own.");
        }
    }

    /** Compatibility-normalized, lower case, spaces collapsed. */
    static String comparable(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).strip().replaceAll("\\s+", " ");
    }
}
