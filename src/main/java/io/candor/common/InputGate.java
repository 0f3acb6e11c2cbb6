package io.candor.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The one text gate of JSON bodies: every string Candor reads from a body, map keys included, is refused when it
 * holds a control character (NUL among them) or an unpaired surrogate, and every date or instant outside
 * {@link #EARLIEST}..{@link #LATEST}. The URL's side of the same gate is {@link RequestGate}.
 */
@Singleton
public class InputGate implements ObjectMapperCustomizer {

    /** Dates before this are no purchase, decision or report period Candor can have seen. */
    public static final LocalDate EARLIEST = LocalDate.of(1970, 1, 1);
    /** PostgreSQL and every client agree on four-digit years. */
    public static final LocalDate LATEST = LocalDate.of(9999, 12, 31);

    /** After Quarkus's own customizers, so that these deserializers take the place of the java.time module's. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        SimpleModule module = new SimpleModule("candor-input-gate");
        module.addDeserializer(String.class, new GatedString());
        module.addKeyDeserializer(String.class, new GatedKey());
        module.addDeserializer(Instant.class, new BoundedInstant());
        module.addDeserializer(OffsetDateTime.class, new BoundedOffsetDateTime());
        module.addDeserializer(LocalDate.class, new BoundedLocalDate());
        mapper.registerModule(module);
    }

    /** A date is within {@link #EARLIEST}..{@link #LATEST}. */
    public static boolean inRange(LocalDate date) {
        return !date.isBefore(EARLIEST) && !date.isAfter(LATEST);
    }

    public static boolean inRange(Instant instant) {
        return !instant.isBefore(EARLIEST.atStartOfDay(ZoneOffset.UTC).toInstant())
                && instant.isBefore(LATEST.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    /** A value that passed the JSON grammar but not the gate: answered 422 with the field's path. */
    public static final class RefusedValue extends JsonMappingException {
        RefusedValue(JsonParser parser, String message) {
            super(parser, message);
        }
    }

    static final class GatedString extends JsonDeserializer<String> {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = StringDeserializer.instance.deserialize(p, ctxt);
            if (value != null && RequestGate.hasControl(value)) {
                throw new RefusedValue(p, "must not contain control characters");
            }
            return value;
        }
    }

    static final class GatedKey extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
            if (RequestGate.hasControl(key)) {
                throw new RefusedValue(ctxt.getParser(), "must not contain control characters");
            }
            return key;
        }
    }

    static final class BoundedInstant extends JsonDeserializer<Instant> {
        private final JsonDeserializer<Instant> standard;

        @SuppressWarnings("unchecked")
        BoundedInstant() {
            this.standard = (JsonDeserializer<Instant>) (JsonDeserializer<?>) com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer.INSTANT;
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Instant value = standard.deserialize(p, ctxt);
            if (value != null && !inRange(value)) {
                throw new RefusedValue(p, "must be between " + EARLIEST + " and " + LATEST);
            }
            return value;
        }
    }

    static final class BoundedOffsetDateTime extends JsonDeserializer<OffsetDateTime> {
        private final JsonDeserializer<OffsetDateTime> standard;

        @SuppressWarnings("unchecked")
        BoundedOffsetDateTime() {
            this.standard = (JsonDeserializer<OffsetDateTime>) (JsonDeserializer<?>) com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer.OFFSET_DATE_TIME;
        }

        @Override
        public OffsetDateTime deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            OffsetDateTime value = standard.deserialize(p, ctxt);
            if (value != null && !inRange(value.toInstant())) {
                throw new RefusedValue(p, "must be between " + EARLIEST + " and " + LATEST);
            }
            return value;
        }
    }

    static final class BoundedLocalDate extends JsonDeserializer<LocalDate> {
        @Override
        public LocalDate deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            LocalDate value = com.fasterxml.jackson.datatype.jsr310.deser.LocalDateDeserializer.INSTANCE.deserialize(p, ctxt);
            if (value != null && !inRange(value)) {
                throw new RefusedValue(p, "must be between " + EARLIEST + " and " + LATEST);
            }
            return value;
        }
    }
}
