package io.candor.tenant;

import io.candor.common.FieldError;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The web origins ({@code https://shop.example} or, for development, {@code http://localhost:3000}) whose pages
 * may post a marketplace's sign-in form to Candor. Anything else (a path, credentials, another scheme) is refused.
 */
public final class SignInOrigins {

    private SignInOrigins() {
    }

    /** The origins in their serialised form (RFC 6454), or errors under {@code signInOrigins[i]}. */
    public static List<String> parse(List<String> given, List<FieldError> errors) {
        List<String> origins = new ArrayList<>();
        if (given == null) {
            return origins;
        }
        for (int i = 0; i < given.size(); i++) {
            String origin = origin(given.get(i));
            if (origin == null) {
                errors.add(new FieldError("signInOrigins[" + i + "]", "must be an origin such as https://shop.example (scheme, host and optional port)"));
            } else if (!origins.contains(origin)) {
                origins.add(origin);
            }
        }
        return origins;
    }

    /** {@code scheme://host[:port]} in lower case, or null when the text is not exactly an http(s) origin. */
    public static String origin(String text) {
        if (text == null || text.length() > 300) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean pathless = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/");
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getRawUserInfo() != null
                || !pathless || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return null;
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
