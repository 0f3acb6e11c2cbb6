package io.candor.anonymous;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Keys rotate monthly (UTC): a token is issued under its subject's key of the current month, and can be redeemed in that
 * month and the next; after that its month has expired. The anonymity set is counted per subject and month.
 */
public final class Epochs {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM");

    private Epochs() {
    }

    public static String of(Instant now) {
        return YearMonth.from(now.atOffset(ZoneOffset.UTC)).format(FORMAT);
    }

    static Optional<YearMonth> parse(String epoch) {
        if (epoch == null || !epoch.matches("[0-9]{4}-(0[1-9]|1[0-2])")) {
            return Optional.empty();
        }
        try {
            return Optional.of(YearMonth.parse(epoch, FORMAT));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Whether a token of {@code epoch} may still be redeemed at {@code now}: its month or the next. */
    static boolean redeemable(YearMonth epoch, Instant now) {
        YearMonth current = YearMonth.from(now.atOffset(ZoneOffset.UTC));
        return !epoch.isAfter(current) && !epoch.plusMonths(1).isBefore(current);
    }

    /** The last instant a token of {@code epoch} can be redeemed. */
    static Instant redeemableUntil(YearMonth epoch) {
        return epoch.plusMonths(2).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusMillis(1);
    }
}
