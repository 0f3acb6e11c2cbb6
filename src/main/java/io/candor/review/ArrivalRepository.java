package io.candor.review;

import io.candor.common.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;

/** The {@code review_arrival} table's writes: hourly counts of written reviews per subject ({@link ReviewArrivals}). */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ArrivalRepository {

    private final Jdbc jdbc;

    public ArrivalRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds {@code arrivals} to the subject's count for the hour starting at {@code hour}. */
    void add(long tenantId, String subjectType, String subjectRef, Instant hour, int arrivals) {
        jdbc.update("INSERT INTO review_arrival (tenant_id, subject_type, subject_ref, hour, arrivals) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT (tenant_id, subject_type, subject_ref, hour) DO UPDATE SET arrivals = review_arrival.arrivals + EXCLUDED.arrivals",
                List.of(tenantId, subjectType, subjectRef, hour, arrivals));
    }

    /** Deletes the tenant's hours that start before {@code before}; answers how many. */
    int deleteBefore(long tenantId, Instant before) {
        return jdbc.update("DELETE FROM review_arrival WHERE tenant_id = ? AND hour < ?", List.of(tenantId, before));
    }
}
