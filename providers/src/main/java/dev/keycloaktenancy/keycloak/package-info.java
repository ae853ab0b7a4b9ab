/**
 * The seam between the pack and Keycloak's internals: everything that uses classes beyond Keycloak's public SPI
 * (the keycloak-services jar, Keycloak's JPA entities and JPQL on its tables, its caches, admin permission evaluators,
 * the organization settings that 26.7 keeps in an identity provider's config map) lives here, behind small types
 * named for what the pack needs. When Keycloak changes one of those internals, only this package changes;
 * docs/keycloak-compatibility.md lists which type each known change touches. {@code ArchitectureTest} keeps every
 * other package away from those internals. This package uses no other package of the pack but the root.
 */
package dev.keycloaktenancy.keycloak;
