package dev.keycloaktenancy.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloaktenancy.audit.jpa.AuditRecordEntity;

import java.time.Instant;

/** One audit record as both APIs answer it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEntry(String id, String time, long timestamp, String organizationId, AuditActor actor,
                         String action, String target, String outcome, JsonNode detail) {

    static AuditEntry of(AuditRecordEntity record) {
        return new AuditEntry(record.getId(), Instant.ofEpochMilli(record.getCreatedTimestamp()).toString(),
                record.getCreatedTimestamp(), record.getOrganizationId(),
                new AuditActor(record.getActorType(), record.getActorUserId(), record.getActorClientId()),
                record.getAction(), record.getTarget(), record.getOutcome(), AuditDetail.read(record.getDetail()));
    }
}
