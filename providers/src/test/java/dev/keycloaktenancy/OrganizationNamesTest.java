package dev.keycloaktenancy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class OrganizationNamesTest {

    @Test
    void namesThatReadTheSameHaveOneSkeleton() {
        String globex = OrganizationNames.comparable("Globex");
        assertEquals(globex, OrganizationNames.comparable("  GLOBEX "));
        assertEquals(globex, OrganizationNames.comparable("Glоbex"));
        assertEquals(globex, OrganizationNames.comparable("Ｇｌｏｂｅｘ"));
        assertEquals(globex, OrganizationNames.comparable("Glo\u200Bbex"));
        assertEquals(globex, OrganizationNames.comparable("Glöbex"));
        assertEquals(OrganizationNames.comparable("Erin's  workspace"), OrganizationNames.comparable("erin's workspace"));
    }

    @Test
    void latinLettersAndDigitsDrawnAlikeHaveOneSkeleton() {
        String initech = OrganizationNames.comparable("Initech");
        assertEquals(initech, OrganizationNames.comparable("lnitech"));
        assertEquals(initech, OrganizationNames.comparable("1nitech"));
        assertEquals(OrganizationNames.comparable("Globex"), OrganizationNames.comparable("G1obex"));
        assertEquals(OrganizationNames.comparable("Octo"), OrganizationNames.comparable("0ct0"));
        assertEquals(OrganizationNames.comparable("Modern Co"), OrganizationNames.comparable("Modem Co"));
        assertEquals(OrganizationNames.comparable("Wayne"), OrganizationNames.comparable("VVayne"));
    }

    @Test
    void differentNamesStayApart() {
        assertNotEquals(OrganizationNames.comparable("Globex"), OrganizationNames.comparable("Globex 2"));
        assertNotEquals(OrganizationNames.comparable("Erin's workspace"),
                OrganizationNames.comparable("Erin's workspace (2)"));
    }

    @Test
    void namesThatReadTheSameHaveOneStoredKey() {
        String key = OrganizationNames.key("Globex");
        assertEquals(64, key.length());
        assertEquals(key, OrganizationNames.key("Glоbex  "));
        assertNotEquals(key, OrganizationNames.key("Globex 2"));
        assertEquals(64, OrganizationNames.key("\uFDFA".repeat(255)).length(), "a name whose skeleton is long");
    }
}
