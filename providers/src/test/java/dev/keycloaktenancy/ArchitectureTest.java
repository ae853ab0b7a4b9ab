package dev.keycloaktenancy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The dependency rules between the pack's packages (docs/architecture.md, "Dependency rules"), checked on the
 * compiled classes. A capability uses the shared classes of the root package and only the capabilities listed here;
 * setup wires them all together and nothing uses setup; Keycloak's internals are reached through the seam package
 * {@code keycloak} only, which every capability may use and which uses none.
 */
class ArchitectureTest {

    private static final String ROOT = "dev.keycloaktenancy";

    /** Capability -> the other capabilities it may use. */
    private static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();

    static {
        ALLOWED.put("keycloak", Set.of());
        ALLOWED.put("roles", Set.of());
        ALLOWED.put("domains", Set.of());
        ALLOWED.put("limits", Set.of());
        ALLOWED.put("routing", Set.of("domains"));
        ALLOWED.put("theme", Set.of("domains"));
        ALLOWED.put("jit", Set.of("domains", "roles", "limits", "audit"));
        ALLOWED.put("invitations", Set.of("roles", "jit", "portal"));
        ALLOWED.put("accounts", Set.of("domains"));
        ALLOWED.put("security", Set.of("accounts", "domains"));
        ALLOWED.put("platform", Set.of("domains", "limits"));
        ALLOWED.put("portal", Set.of());
        ALLOWED.put("audit", Set.of("webhooks"));
        ALLOWED.put("webhooks", Set.of());
        ALLOWED.put("scim", Set.of("accounts", "domains", "security", "roles"));
        ALLOWED.put("api", Set.of("roles", "domains", "limits", "platform", "portal", "invitations", "accounts",
                "audit", "security", "webhooks", "scim", "jit"));
    }

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void theRootPackageUsesNoCapability() {
        noClasses().that().resideInAPackage(ROOT)
                .should().dependOnClassesThat().resideInAnyPackage(packages(List.copyOf(withSetup())))
                .because("the root package holds what every capability shares")
                .check(CLASSES);
    }

    @Test
    void nothingUsesSetup() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".setup..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".setup..")
                .because("setup wires the capabilities together; they never reach back into it")
                .check(CLASSES);
    }

    @Test
    void eachCapabilityUsesOnlyTheCapabilitiesItIsAllowedTo() {
        ALLOWED.forEach((capability, allowed) -> {
            List<String> forbidden = withSetup().stream()
                    .filter(other -> !other.equals(capability) && !allowed.contains(other) && !other.equals("keycloak"))
                    .toList();
            ArchRule rule = noClasses().that().resideInAPackage(ROOT + "." + capability + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(packages(forbidden))
                    .because(capability + " may use " + (allowed.isEmpty() ? "no other capability" : allowed));
            rule.check(CLASSES);
        });
    }

    @Test
    void capabilitiesFormNoCycle() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void keycloaksOrganizationInternalsAreReadThroughOneAdapter() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".keycloak..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.keycloak.organization.authentication..", "org.keycloak.organization.protocol..",
                        "org.keycloak.organization.utils..", "org.keycloak.organization.forms..",
                        "org.keycloak.authentication.actiontoken.inviteorg..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName(
                        "org.keycloak.models.OrganizationModel$IdentityProviderRedirectMode")
                .because("Keycloak 26.8 changes them; the keycloak package is the one place to adapt")
                .check(CLASSES);
    }

    /**
     * keycloak-services is Keycloak's implementation, not its SPI: its classes change between minor versions without
     * notice. Only the seam may use them, so that a Keycloak upgrade is adapted in one package.
     */
    @Test
    void keycloaksImplementationIsUsedByTheSeamOnly() {
        onlyTheSeamUsesTheJarHolding("org.keycloak.services.Urls", "keycloak-services");
    }

    /** The same for Keycloak's caches (keycloak-model-infinispan): the entries the pack keeps in the user cache. */
    @Test
    void keycloaksCachesAreUsedByTheSeamOnly() {
        onlyTheSeamUsesTheJarHolding("org.keycloak.models.cache.infinispan.UserCacheSession",
                "keycloak-model-infinispan");
    }

    private static void onlyTheSeamUsesTheJarHolding(String className, String jarName) {
        Set<String> implementation = classesOfJarHolding(className);
        noClasses().that().resideOutsideOfPackage(ROOT + ".keycloak..")
                .should().dependOnClassesThat(new DescribedPredicate<JavaClass>("are in " + jarName) {
                    @Override
                    public boolean test(JavaClass javaClass) {
                        return implementation.contains(javaClass.getName());
                    }
                })
                .because("the keycloak package is the one place that knows Keycloak's internals")
                .check(CLASSES);
    }

    private static Set<String> classesOfJarHolding(String className) {
        try (JarFile jar = new JarFile(Path.of(Class.forName(className).getProtectionDomain().getCodeSource()
                .getLocation().toURI()).toFile())) {
            return jar.stream().map(entry -> entry.getName())
                    .filter(name -> name.endsWith(".class"))
                    .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> withSetup() {
        List<String> all = new ArrayList<>(ALLOWED.keySet());
        all.add("setup");
        return all;
    }

    private static String[] packages(List<String> capabilities) {
        return capabilities.stream().map(c -> ROOT + "." + c + "..").toArray(String[]::new);
    }
}
