package io.candor.testing;

import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import org.hibernate.resource.jdbc.spi.StatementInspector;

import java.util.ArrayList;
import java.util.List;

/**
 * Every SQL statement Hibernate sends (entity loads, locks, flushes and native queries), recorded only while a test
 * asks for it: for tests that EXPLAIN what a request really ran.
 */
@PersistenceUnitExtension
public class RecordedStatements implements StatementInspector {

    private static final List<String> RECORDED = new ArrayList<>();
    private static volatile boolean recording;

    @Override
    public String inspect(String sql) {
        if (recording) {
            synchronized (RECORDED) {
                if (RECORDED.size() < 10_000) {
                    RECORDED.add(sql);
                }
            }
        }
        return sql;
    }

    public static void start() {
        synchronized (RECORDED) {
            RECORDED.clear();
        }
        recording = true;
    }

    public static List<String> stop() {
        recording = false;
        synchronized (RECORDED) {
            return List.copyOf(RECORDED);
        }
    }
}
