package io.candor.common.db;

import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;

/** Reads which database constraint a failed write broke, so that only that failure is answered as its meaning. */
public final class Constraints {

    private static final String UNIQUE_VIOLATION = "23505";

    private Constraints() {
    }

    /** Whether {@code failure} is a unique violation of one of the named constraints (or unique indexes). */
    public static boolean isUniqueViolation(Throwable failure, String... constraints) {
        Set<String> names = Set.of(constraints);
        boolean unique = false;
        String name = null;
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof org.hibernate.exception.ConstraintViolationException violation && violation.getConstraintName() != null) {
                name = violation.getConstraintName();
            }
            if (t instanceof org.postgresql.util.PSQLException psql && psql.getServerErrorMessage() != null
                    && psql.getServerErrorMessage().getConstraint() != null) {
                name = psql.getServerErrorMessage().getConstraint();
            }
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                unique = true;
            }
        }
        return unique && name != null && names.contains(name.toLowerCase(Locale.ROOT));
    }
}
