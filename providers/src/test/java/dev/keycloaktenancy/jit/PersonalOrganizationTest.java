package dev.keycloaktenancy.jit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PersonalOrganizationTest {

    @Test
    void theDefaultPatternUsesTheFullNameOrTheUsername() {
        assertEquals("Erin Example's workspace", PersonalOrganization.name(null, "Erin", "Example", "erin", "e@x.test"));
        assertEquals("erin's workspace", PersonalOrganization.name("", null, null, "erin", null));
    }

    @Test
    void aRealmPatternFillsEachPlaceholder() {
        assertEquals("Team of Erin (erin, e@x.test)",
                PersonalOrganization.name("Team of {firstName} ({username}, {email})", "Erin", null, "erin", "e@x.test"));
        assertEquals("erin", PersonalOrganization.name("{firstName}", " ", null, "erin", null));
    }

    @Test
    void controlAndInvisibleCharactersNeverReachTheName() {
        assertEquals("Evil Name's workspace", PersonalOrganization.name(null, "Evil\u202E", "Name\n", "evil", null));
        assertEquals("evil", PersonalOrganization.name("\u200B", null, null, "evil", null));
        assertEquals(255, PersonalOrganization.name(null, "x".repeat(300), null, "x", null).length());
    }

    @Test
    void theAliasComesFromTheNameOrElseFromTheUsersId() {
        assertEquals("erin-example-s-workspace", PersonalOrganization.alias("Erin Example's workspace", "id", 1));
        assertEquals("erin-s-workspace-2", PersonalOrganization.alias("Erin's workspace (2)", "id", 2));
        assertEquals("workspace-3f0c9a1b", PersonalOrganization.alias("日本", "3F0C-9A1B-77", 1));
        assertEquals("workspace-3f0c9a1b-2", PersonalOrganization.alias("日本", "3f0c9a1b77", 2));
    }
}
