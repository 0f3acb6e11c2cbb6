package io.candor.moderation;

import io.candor.tenant.TenantContext;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The words of statements of reasons, in the tenant's notice language ({@code noticeLanguage}: English or German),
 * from the resource bundle {@code i18n/notices}. Code decides what a notice says; this only says it. Placeholders
 * are {@code {name}}, filled literally (no MessageFormat quoting rules).
 */
public final class NoticeWording {

    private static final ResourceBundle.Control NO_FALLBACK = ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final ResourceBundle bundle;
    private final Locale locale;

    private NoticeWording(Locale locale) {
        this.locale = locale;
        this.bundle = ResourceBundle.getBundle("i18n.notices", locale.getLanguage().equals("en") ? Locale.ROOT : locale, NO_FALLBACK);
    }

    private static final NoticeWording ENGLISH = new NoticeWording(Locale.ENGLISH);
    private static final NoticeWording GERMAN = new NoticeWording(Locale.GERMAN);

    public static NoticeWording of(String language) {
        return "de".equals(language) ? GERMAN : ENGLISH;
    }

    public static NoticeWording of(TenantContext tenant) {
        return of(tenant.policy().noticeLanguage());
    }

    /** The text for {@code key} with its placeholders filled. */
    public String text(String key, Map<String, ?> values) {
        String text;
        try {
            text = bundle.getString(key);
        } catch (MissingResourceException e) {
            throw new IllegalStateException("no notice wording '" + key + "' in " + locale, e);
        }
        for (Map.Entry<String, ?> v : values.entrySet()) {
            text = text.replace("{" + v.getKey() + "}", String.valueOf(v.getValue()));
        }
        return text;
    }

    public String text(String key) {
        return text(key, Map.of());
    }

    /** "review", "Bewertung": the kind of content. */
    public String kind(String type) {
        return bundle.containsKey("kind." + type) ? text("kind." + type) : type;
    }

    /** "product p-1", "Produkt p-1": what the content is about. */
    public String subject(String type, String ref) {
        return (bundle.containsKey("subject." + type) ? text("subject." + type) : type) + " " + ref;
    }

    public String date(Instant at) {
        return DateTimeFormatter.ofPattern(text("date.pattern"), locale).withZone(ZoneOffset.UTC).format(at);
    }
}
