package dev.keycloaktenancy.domains;

import dev.keycloaktenancy.TenancyException;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One way of matching domains for routing, SSO enforcement, joining by domain, branding and claims. */
class DomainNameTest {

    @Test
    void theDomainOfAnEmailIsReadOneWay() {
        Map<String, Optional<String>> cases = new LinkedHashMap<>();
        cases.put("alice@acme.test", Optional.of("acme.test"));
        cases.put("Alice@ACME.TEST", Optional.of("acme.test"));
        cases.put("alice@acme.test.", Optional.of("acme.test"));
        cases.put("  alice@acme.test  ", Optional.of("acme.test"));
        cases.put("alice+sales@acme.test", Optional.of("acme.test"));
        cases.put("\"a@b\"@evil.test", Optional.of("evil.test"));
        cases.put("hans@bücher.test", Optional.of("xn--bcher-kva.test"));
        cases.put("hans@BÜCHER.test", Optional.of("xn--bcher-kva.test"));
        cases.put("x@xn--bcher-kva.test", Optional.of("xn--bcher-kva.test"));
        // IDNA2003 would read these as other, ASCII domains (strasse.test, acme.test): no domain at all instead.
        cases.put("x@straße.test", Optional.empty());
        cases.put("x@ａｃｍｅ.test", Optional.empty());
        cases.put("x@ac\u200Dme.test", Optional.empty());
        cases.put("x@xn--strae-oqa.test", Optional.of("xn--strae-oqa.test"));
        cases.put("bob@eng.acme.test", Optional.of("eng.acme.test"));
        cases.put("no-at-sign", Optional.empty());
        cases.put("@acme.test", Optional.empty());
        cases.put("alice@", Optional.empty());
        cases.put("alice@localhost", Optional.empty());
        cases.put("alice@-acme.test", Optional.empty());
        cases.put("alice@acme..test", Optional.empty());
        cases.put("alice@acme.test..", Optional.empty());
        cases.put("alice@acme_test.test", Optional.empty());
        cases.put(null, Optional.empty());
        cases.forEach((email, domain) -> assertEquals(domain, DomainName.ofEmail(email), String.valueOf(email)));
    }

    @Test
    void claimedDomainsAreStoredInTheSameForm() {
        assertEquals("acme.test", DomainName.normalize("ACME.test."));
        assertEquals("xn--bcher-kva.test", DomainName.normalize("bücher.test"));
        TenancyException refused = assertThrows(TenancyException.class, () -> DomainName.normalize("straße.test"));
        assertTrue(refused.description().contains("punycode"), refused.description());
        assertEquals("*.acme.test", DomainName.normalize("*.Acme.Test"));
        for (String bad : new String[]{"", "localhost", "*.test", "a..b", "-x.test", "acme.test/path", "x@acme.test"}) {
            assertThrows(TenancyException.class, () -> DomainName.normalize(bad), bad);
        }
    }

    @Test
    void overlappingGroundIsTheSameDomainOneBelowItOrAWildcardAboveIt() {
        assertTrue(DomainName.overlap("acme.test", "acme.test"));
        assertTrue(DomainName.overlap("eng.acme.test", "acme.test"), "below a verified domain");
        assertTrue(DomainName.overlap("*.eng.acme.test", "acme.test"));
        assertTrue(DomainName.overlap("*.acme.test", "acme.test"), "a wildcard over it");
        assertTrue(DomainName.overlap("*.test.example", "acme.test.example"), "a wildcard over it");
        assertTrue(DomainName.overlap("acme.test", "*.acme.test"), "the base of another's wildcard");
        assertFalse(DomainName.overlap("acme.test.evil.test", "acme.test"), "a different domain that merely contains it");
        assertFalse(DomainName.overlap("evilacme.test", "acme.test"));
        assertFalse(DomainName.overlap("acme.test", "eng.acme.test"), "a parent of another's exact domain is its own ground");
    }
}
