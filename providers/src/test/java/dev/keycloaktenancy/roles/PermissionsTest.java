package dev.keycloaktenancy.roles;

import dev.keycloaktenancy.TenancyException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PermissionsTest {

    @Test
    void acceptsApplicationAndBuiltInPermissionsSortedWithoutDuplicates() {
        assertEquals(List.of("invoices:write", "org:members:read", "reports/2024.read"),
                List.copyOf(Permissions.validate(Arrays.asList("org:members:read", "reports/2024.read",
                        "invoices:write", "invoices:write"))));
    }

    @Test
    void nullMeansNone() {
        assertTrue(Permissions.validate(null).isEmpty());
    }

    @Test
    void refusesUnknownBuiltInPermissions() {
        TenancyException e = assertThrows(TenancyException.class, () -> Permissions.validate(List.of("org:everything")));
        assertTrue(e.description().contains("org:members:read"), e.description());
    }

    @Test
    void refusesBadSyntax() {
        for (String bad : Arrays.asList("", " ", "has space", "-leading", "tab\there", "x".repeat(65), "ümlaut", null)) {
            assertThrows(TenancyException.class, () -> Permissions.validate(Arrays.asList(bad)), String.valueOf(bad));
        }
    }

    @Test
    void refusesTooManyPermissions() {
        List<String> many = IntStream.range(0, Permissions.MAX_PER_ROLE + 1).mapToObj(i -> "p" + i).toList();
        assertThrows(TenancyException.class, () -> Permissions.validate(many));
        assertEquals(Permissions.MAX_PER_ROLE, Permissions.validate(many.subList(0, Permissions.MAX_PER_ROLE)).size());
    }

    @Test
    void storageFormRoundTrips() {
        Set<String> permissions = Set.of("b:write", "a:read", "org:sso:manage");
        String stored = Permissions.join(permissions);
        assertEquals("a:read b:write org:sso:manage", stored);
        assertEquals(permissions, Permissions.split(stored));
        assertTrue(Permissions.split(null).isEmpty());
        assertTrue(Permissions.split("  ").isEmpty());
    }

    @Test
    void longestRoleFitsTheColumn() {
        Set<String> longest = Permissions.validate(IntStream.range(0, Permissions.MAX_PER_ROLE)
                .mapToObj(i -> String.format("%02d", i) + "x".repeat(Permissions.MAX_LENGTH - 2)).toList());
        assertTrue(Permissions.join(longest).length() <= 4000, "PERMISSIONS is VARCHAR(4000)");
    }
}
