package io.candor.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Configuration for tests of the packaged jar: it starts its own embedded PostgreSQL in a fresh
 * directory under target/, exactly as {@code java -jar} does for a newcomer, and knows the test
 * operator token.
 */
public class PackagedJarResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:candor:embedded:target/candor-it-db/pgdata?clean=true&durable=false",
                "candor.admin-token", TestMarketplace.ADMIN_TOKEN);
    }

    @Override
    public void stop() {
    }
}
