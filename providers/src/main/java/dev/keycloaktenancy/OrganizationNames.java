package dev.keycloaktenancy;

import org.keycloak.models.RealmModel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Names that people would mistake for one another on login pages and in invitations. An organization that users name
 * themselves (creating it, renaming or branding it as its admin, or as a personal workspace) may not read like another
 * organization of the realm, nor like the realm itself. Names are compared by a skeleton that folds case, spacing,
 * compatibility forms, accents, invisible characters, the Cyrillic and Greek letters that look like Latin ones, and the
 * Latin letters and digits that many fonts draw alike (I, l, 1, |; O, 0; rn, m; vv, w).
 * Realm administrators are trusted to choose; their organizations' names still count against the names users choose.
 */
public final class OrganizationNames {

    /** Lower-case Cyrillic and Greek letters that render like Latin ones. */
    private static final Map<Integer, String> LOOK_ALIKES = lookAlikes(
            "аa", "вb", "еe", "ёe", "кk", "мm", "нh", "оo", "рp", "сc", "тt", "уy", "хx", "ѕs", "іi", "їi", "јj", "һh",
            "ԁd", "ԛq", "ԝw", "αa", "βb", "εe", "ηn", "ιi", "κk", "νv", "οo", "ρp", "τt", "υu", "χx", "ωw", "ζz");

    private static final Pattern LATIN_PAIRS = Pattern.compile("rn|vv");
    private static final Pattern LATIN_STROKES = Pattern.compile("[il1|]");

    private OrganizationNames() {
    }

    /**
     * Whether the name reads like the realm's name or display name. Whether it reads like another organization's name
     * is an indexed look-up of its {@link #key} (the seam's {@code OrganizationNameKeys}).
     */
    public static boolean readsLikeRealm(String name, RealmModel realm) {
        String wanted = comparable(name);
        return wanted.equals(comparable(realm.getName()))
                || realm.getDisplayName() != null && wanted.equals(comparable(realm.getDisplayName()));
    }

    /**
     * The key under which a name is stored for indexed look-ups: the SHA-256 (hex) of its {@link #comparable}
     * skeleton, 64 characters whatever the name's length, so two names read alike exactly when their keys are equal.
     */
    public static String key(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(comparable(name).getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(64);
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /**
     * The name's skeleton: compatibility-decomposed, without marks and invisible format characters, look-alike
     * Cyrillic and Greek letters read as Latin, lower case, spaces collapsed.
     */
    public static String comparable(String name) {
        String decomposed = Normalizer.normalize(name, Normalizer.Form.NFKD)
                .replaceAll("[\\p{M}\\p{Cf}]", "").toLowerCase(Locale.ROOT);
        StringBuilder skeleton = new StringBuilder(decomposed.length());
        decomposed.codePoints().forEach(c -> skeleton.append(LOOK_ALIKES.getOrDefault(c, Character.toString(c))));
        // After lower-casing, a capital I reads as i: so i, l, 1 and | all stand for the one stroke they look like.
        return LATIN_STROKES.matcher(LATIN_PAIRS.matcher(skeleton.toString()).replaceAll(match ->
                        match.group().equals("rn") ? "m" : "w"))
                .replaceAll("l").replace('0', 'o').strip().replaceAll("\\s+", " ");
    }

    private static Map<Integer, String> lookAlikes(String... pairs) {
        Map<Integer, String> map = new HashMap<>();
        for (String pair : pairs) {
            map.put(pair.codePointAt(0), pair.substring(pair.offsetByCodePoints(0, 1)));
        }
        return Map.copyOf(map);
    }
}
