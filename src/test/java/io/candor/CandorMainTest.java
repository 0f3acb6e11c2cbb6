package io.candor;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The early start of the embedded PostgreSQL must use the very URL the datasource will use. */
class CandorMainTest {

    @Test
    void theEarlyStartUsesTheDatasourceDefault() throws Exception {
        Properties properties = new Properties();
        try (InputStream in = CandorMain.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        assertEquals(properties.getProperty("quarkus.datasource.jdbc.url"), CandorMain.DEFAULT_URL);
    }
}
