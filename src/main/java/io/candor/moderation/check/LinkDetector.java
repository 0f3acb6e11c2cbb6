package io.candor.moderation.check;

import java.net.IDN;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds links in user text (check code {@value #CHECK_CODE}): URLs with a scheme, {@code www.} hosts and
 * bare domains such as {@code shop.example/x} whose top-level domain is a well-known one, so that "e.g.",
 * "Vol.Two", "v1.2.3" and decimals are not taken for links.
 */
public final class LinkDetector {

    public static final String CHECK_CODE = "links";

    /** One label of a host name: letters and digits, hyphens inside, at most 63 characters. */
    static final String LABEL = "[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?";
    /**
     * More labels than any real host has; the bound also keeps Java's regex engine, which recurses once per
     * repetition of a group, from overflowing its stack on "a.a.a.…".
     */
    static final int MAX_LABELS = 16;
    private static final String PATH = "(?:[/?#][^\\s<>\"]*+)?";

    private static final Pattern SCHEME_URL = Pattern.compile(
            "(?i)(?<![\\p{L}\\p{N}])(?:https?|ftp)://(?<authority>[^\\s/?#<>\"'\\\\]{1,256}+)" + PATH);
    private static final Pattern WWW_HOST = Pattern.compile(
            "(?i)(?<![\\p{L}\\p{N}.@/_-])(?<host>www\\d{0,3}(?:\\." + LABEL + "){1," + MAX_LABELS + "}+)(?::\\d{1,5})?" + PATH);
    private static final Pattern BARE_DOMAIN = Pattern.compile(
            "(?<![\\p{L}\\p{N}.@/_-])(?<host>(?:" + LABEL + "\\.){1," + MAX_LABELS + "}\\p{L}{2,24})"
                    + "(?![\\p{L}\\p{N}@_-])(?<port>:\\d{1,5})?(?<path>" + PATH + ")");
    private static final Pattern HOST =
            Pattern.compile(LABEL + "(?:\\." + LABEL + "){0," + MAX_LABELS + "}+\\.?|\\[[0-9a-fA-F:.]+]");

    /**
     * Top-level domains that make a bare {@code name.tld} a link. Unknown endings ("file.pdf", "Node.js")
     * stay text; a scheme or {@code www.} makes any host a link.
     */
    private static final Set<String> KNOWN_TLDS = Set.of(
            "com", "net", "org", "info", "biz", "edu", "gov", "io", "co", "ai", "app", "dev", "shop", "store",
            "online", "site", "website", "xyz", "tech", "blog", "news", "club", "live", "top", "tv", "ly", "gg",
            "fm", "eu", "asia", "example",
            "de", "at", "ch", "li", "uk", "fr", "es", "it", "nl", "be", "lu", "pl", "cz", "sk", "hu", "ro", "bg",
            "gr", "pt", "ie", "dk", "se", "no", "fi", "is", "ee", "lv", "lt", "si", "hr", "rs", "ba", "me", "tr",
            "ru", "ua", "by", "us", "ca", "mx", "br", "ar", "cl", "au", "nz", "jp", "cn", "kr", "in", "sg", "hk",
            "tw", "za", "il", "ae", "sa", "id", "my", "th", "vn", "ph", "to");

    /**
     * Endings that are also everyday words: "delivery.no complaints" and "great.it works" are typos, not
     * links, so these count only with a path, a port or a third label ({@code shop.example.it}).
     */
    private static final Set<String> WORD_LIKE_TLDS = Set.of(
            "at", "be", "by", "id", "in", "is", "it", "me", "my", "no", "to", "us");

    private static final String TRAILING_PUNCTUATION = ".,;:!?'\"";

    private LinkDetector() {
    }

    /** Every link in {@code text}, in order of appearance, none overlapping another. */
    public static List<Link> find(String text) {
        List<Link> links = new ArrayList<>();
        // Each pattern needs something most reviews lack: "://", "www", or a dot followed at once by a letter.
        Matcher scheme = SCHEME_URL.matcher(text.contains("://") ? text : "");
        while (scheme.find()) {
            String host = hostOfAuthority(scheme.group("authority"));
            if (host != null) {
                addUnlessOverlapping(links, new Link(scheme.start(), trimEnd(text, scheme.start(), scheme.end()), host));
            }
        }
        Matcher www = WWW_HOST.matcher(containsWww(text) ? text : "");
        while (www.find()) {
            int end = trimEnd(text, www.start(), www.end());
            addUnlessOverlapping(links, new Link(www.start(), end, hostKey(www.group("host"))));
        }
        Matcher bare = BARE_DOMAIN.matcher(hasDotBeforeLetter(text) ? text : "");
        while (bare.find()) {
            Link link = bareDomain(text, bare);
            if (link != null) {
                addUnlessOverlapping(links, link);
            }
        }
        links.sort(Comparator.comparingInt(Link::start));
        return List.copyOf(links);
    }

    /** Whether "www" occurs in any ASCII case, as the case-insensitive {@code www} of {@link #WWW_HOST} matches it. */
    static boolean containsWww(String text) {
        for (int i = text.indexOf('.'); i >= 0; i = text.indexOf('.', i + 1)) {
            // a www host always has a dot after "www" and up to three digits; look back from each dot
            for (int j = Math.max(0, i - 6); j + 3 <= i; j++) {
                if (text.regionMatches(true, j, "www", 0, 3)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether a dot is followed at once by a letter ({@code \\p{L}}): every bare domain ends so ("shop.example"). */
    static boolean hasDotBeforeLetter(String text) {
        for (int i = text.indexOf('.'); i >= 0 && i + 1 < text.length(); i = text.indexOf('.', i + 1)) {
            if (Character.isLetter(text.codePointAt(i + 1))) {
                return true;
            }
        }
        return false;
    }

    /** The distinct hosts linked from {@code text}, in order of first appearance. */
    public static List<String> hosts(String text) {
        Set<String> hosts = new LinkedHashSet<>();
        for (Link link : find(text)) {
            hosts.add(link.host());
        }
        return List.copyOf(hosts);
    }

    /**
     * The distinct hosts linked from {@code text} that are neither one of {@code allowedDomains} nor a
     * subdomain of one: with {@code example.com} allowed, {@code shop.example.com} is internal, while
     * {@code example.com.evil.test} and {@code notexample.com} are external.
     */
    public static List<String> externalHosts(String text, Collection<String> allowedDomains) {
        List<String> allowed = allowedDomains.stream().map(LinkDetector::hostKey).toList();
        return hosts(text).stream().filter(host -> allowed.stream().noneMatch(domain -> isWithin(host, domain))).toList();
    }

    private static boolean isWithin(String host, String domain) {
        return host.equals(domain) || host.endsWith("." + domain);
    }

    private static Link bareDomain(String text, Matcher bare) {
        String[] labels = bare.group("host").split("\\.");
        boolean hasPathOrPort = bare.group("port") != null || !bare.group("path").isEmpty();
        // The regex took as many labels as it could: "shop.example.Thanks" should still yield shop.example.
        for (int count = labels.length; count >= 2; count--) {
            String tld = labels[count - 1];
            boolean whole = count == labels.length;
            if (!KNOWN_TLDS.contains(tld.toLowerCase(Locale.ROOT)) || !isSingleCase(tld)) {
                continue;
            }
            if (WORD_LIKE_TLDS.contains(tld.toLowerCase(Locale.ROOT)) && count < 3 && !(whole && hasPathOrPort)) {
                continue;
            }
            String host = String.join(".", List.of(labels).subList(0, count));
            int end = whole ? trimEnd(text, bare.start(), bare.end()) : bare.start() + host.length();
            return new Link(bare.start(), end, hostKey(host));
        }
        return null;
    }

    private static boolean isSingleCase(String tld) {
        return tld.equals(tld.toLowerCase(Locale.ROOT)) || tld.equals(tld.toUpperCase(Locale.ROOT));
    }

    private static String hostOfAuthority(String authority) {
        String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
        String host;
        if (hostAndPort.startsWith("[")) {
            int close = hostAndPort.indexOf(']');
            host = close < 0 ? hostAndPort : hostAndPort.substring(0, close + 1);
        } else {
            int colon = hostAndPort.indexOf(':');
            host = colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
        }
        return HOST.matcher(host).matches() ? hostKey(host) : null;
    }

    /** Lower case, no trailing dot, ASCII form: the one spelling that host comparisons are made on. */
    private static String hostKey(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".")) {
            lower = lower.substring(0, lower.length() - 1);
        }
        try {
            return IDN.toASCII(lower, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException notAnInternationalisedName) {
            return lower;
        }
    }

    /**
     * Where a link really ends: a sentence's closing punctuation and a bracket that closes the sentence's
     * parenthesis belong to the text, not to the link.
     */
    private static int trimEnd(String text, int start, int end) {
        int unclosedParens = 0;
        int unclosedBrackets = 0;
        for (int i = start; i < end; i++) {
            switch (text.charAt(i)) {
                case '(' -> unclosedParens++;
                case ')' -> unclosedParens--;
                case '[' -> unclosedBrackets++;
                case ']' -> unclosedBrackets--;
                default -> {
                }
            }
        }
        while (end > start) {
            char last = text.charAt(end - 1);
            if (TRAILING_PUNCTUATION.indexOf(last) >= 0) {
                end--;
            } else if (last == ')' && unclosedParens < 0) {
                unclosedParens++;
                end--;
            } else if (last == ']' && unclosedBrackets < 0) {
                unclosedBrackets++;
                end--;
            } else {
                return end;
            }
        }
        return end;
    }

    private static void addUnlessOverlapping(List<Link> links, Link candidate) {
        for (Link link : links) {
            if (candidate.start() < link.end() && link.start() < candidate.end()) {
                return;
            }
        }
        links.add(candidate);
    }
}
