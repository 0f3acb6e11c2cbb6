package io.candor.review;

import jakarta.persistence.Column;
import jakarta.persistence.Transient;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A new review's row is written in plain SQL ({@link ReviewRepository#insert}): its column list must stay the entity's
 * insertable columns, and each value must be the field of its column.
 */
class ReviewInsertColumnsTest {

    static String columnOf(Field field) {
        Column column = field.getAnnotation(Column.class);
        return column != null && !column.name().isEmpty() ? column.name() : field.getName();
    }

    static List<Field> insertable() {
        return Arrays.stream(Review.class.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers()))
                .filter(f -> !f.isAnnotationPresent(Transient.class) && !f.getName().startsWith("$$_hibernate"))
                .filter(f -> f.getAnnotation(Column.class) == null || f.getAnnotation(Column.class).insertable())
                .toList();
    }

    static List<String> listed() {
        return Arrays.stream(Review.INSERT_COLUMNS.split(",")).map(String::strip).toList();
    }

    @Test
    void theInsertNamesEveryInsertableColumnOnce() {
        Set<String> mapped = insertable().stream().map(ReviewInsertColumnsTest::columnOf).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(mapped, new TreeSet<>(listed()));
        assertEquals(listed().size(), new TreeSet<>(listed()).size(), "no column twice");
    }

    @Test
    void eachValueIsTheFieldOfItsColumn() throws Exception {
        Review review = Review.create(UUID.randomUUID(), 42L, "product", "sku-1", UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), true,
                new Review.Content(4, "A title", "A body of the review", null, "fingerprint"), ReviewStatus.SEALED,
                Instant.parse("2026-12-31T00:00:00Z"), false, Instant.parse("2026-12-01T00:00:00Z"));
        List<Object> values = review.insertValues();
        List<String> columns = listed();
        assertEquals(columns.size(), values.size());
        for (Field field : insertable()) {
            field.setAccessible(true);
            int at = columns.indexOf(columnOf(field));
            assertEquals(field.get(review), values.get(at), columnOf(field));
        }
    }
}
