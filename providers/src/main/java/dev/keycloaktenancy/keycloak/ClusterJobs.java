package dev.keycloaktenancy.keycloak;

import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.KeycloakSessionTask;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.scheduled.ScheduledTaskRunner;
import org.keycloak.timer.ScheduledTask;
import org.keycloak.timer.TimerProvider;

/**
 * Periodic jobs that one node of a cluster runs per interval: Keycloak's timer fires on every node, and Keycloak's
 * cluster lock ({@link ClusterProvider#executeIfNotExecuted}) lets the first one through. Each run has a transaction
 * of its own.
 */
public final class ClusterJobs {

    private ClusterJobs() {
    }

    public static void schedule(KeycloakSessionFactory factory, String name, long intervalSeconds,
                                KeycloakSessionTask job) {
        ScheduledTask onOneNode = new ScheduledTask() {
            @Override
            public void run(KeycloakSession session) {
                session.getProvider(ClusterProvider.class).executeIfNotExecuted(name, (int) intervalSeconds, () -> {
                    job.run(session);
                    return null;
                });
            }

            @Override
            public String getTaskName() {
                return name;
            }
        };
        KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(TimerProvider.class)
                .schedule(new ScheduledTaskRunner(factory, onOneNode), intervalSeconds * 1000));
    }
}
