package io.candor.moderation.check;

import io.candor.moderation.check.PersonalDataMatch.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds links that carry a secret: credentials before the host ({@code https://user:pass@host/}) or a query
 * or fragment parameter named like a token, key, session, password or signature. Such a link opens
 * someone's account or order, so the whole link is personal data; plain links are the links check's business.
 */
final class SecretUrls {

    /** Parameter names, lower case without '-', '_' and '.', that carry a secret on their own. */
    private static final Set<String> SECRET_NAMES = Set.of(
            "token", "key", "apikey", "auth", "authorization", "session", "sessionid", "sid", "sess", "password",
            "passwd", "pass", "pwd", "secret", "jwt", "otp", "sig", "signature", "credential", "credentials");
    /** Endings that mark a secret in compound names: access_token, client_secret, X-Amz-Signature. */
    private static final List<String> SECRET_NAME_ENDINGS = List.of(
            "token", "secret", "password", "passwd", "signature", "sessionid", "apikey", "accesskey", "credential");

    private static final Pattern PARAMETER_SEPARATOR = Pattern.compile("[&;#?]");
    private static final Pattern NAME_PUNCTUATION = Pattern.compile("[-_.]");

    private SecretUrls() {
    }

    static List<PersonalDataMatch> find(String text) {
        List<PersonalDataMatch> matches = new ArrayList<>();
        for (Link link : LinkDetector.find(text)) {
            String url = text.substring(link.start(), link.end());
            if (hasCredentials(url) || hasSecretParameter(url)) {
                matches.add(new PersonalDataMatch(Kind.URL_WITH_SECRET, link.start(), link.end()));
            }
        }
        return matches;
    }

    private static boolean hasCredentials(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return false;
        }
        int authorityStart = scheme + 3;
        int authorityEnd = authorityStart;
        while (authorityEnd < url.length() && "/?#".indexOf(url.charAt(authorityEnd)) < 0) {
            authorityEnd++;
        }
        return url.substring(authorityStart, authorityEnd).indexOf('@') > 0;
    }

    private static boolean hasSecretParameter(String url) {
        int query = indexOfAny(url, '?', '#');
        if (query < 0) {
            return false;
        }
        for (String parameter : PARAMETER_SEPARATOR.split(url.substring(query + 1))) {
            int equals = parameter.indexOf('=');
            if (equals > 0 && equals < parameter.length() - 1 && isSecretName(parameter.substring(0, equals))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSecretName(String name) {
        String key = NAME_PUNCTUATION.matcher(name.toLowerCase(Locale.ROOT)).replaceAll("");
        return SECRET_NAMES.contains(key) || SECRET_NAME_ENDINGS.stream().anyMatch(key::endsWith);
    }

    private static int indexOfAny(String text, char first, char second) {
        int a = text.indexOf(first);
        int b = text.indexOf(second);
        return a < 0 ? b : b < 0 ? a : Math.min(a, b);
    }
}
