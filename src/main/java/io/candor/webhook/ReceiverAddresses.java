package io.candor.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which webhook receivers Candor may call: only hosts on the public internet. Pure; the resolver is
 * {@link ReceiverResolver}. A receiver is refused when its name is one that only means something inside a
 * network (localhost, single labels, {@code .internal}, cloud metadata names), when it writes an IPv4 address in
 * any form but four decimal numbers (integer, octal and hex forms reach the system resolver as addresses), or when
 * any address it resolves to is not globally reachable (the IANA special-purpose registries: loopback,
 * unspecified, private, shared, link-local, documentation, benchmarking, multicast, reserved, and the IPv6
 * prefixes that embed or translate to IPv4).
 */
public final class ReceiverAddresses {

    /** Anything made only of numbers, hex numbers and dots is an IPv4 address to the system resolver. */
    private static final Pattern NUMERIC_HOST = Pattern.compile("^(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]+))*$");
    private static final Pattern CANONICAL_IPV4 = Pattern.compile("^(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}$");
    private static final Pattern LABEL = Pattern.compile("^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$");
    private static final Set<String> LOCAL_SUFFIXES = Set.of("localhost", "local", "internal", "localdomain", "home.arpa", "lan",
            "intranet", "corp", "home", "private", "cluster.local", "svc");
    private static final Set<String> LOCAL_NAMES = Set.of("metadata.google.internal", "instance-data.ec2.internal", "metadata.azure.internal",
            "kubernetes.default", "kubernetes.default.svc");

    private ReceiverAddresses() {
    }

    /** The host as Candor compares it: lower case, without one trailing dot and without IPv6 brackets. */
    public static String normalise(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h;
    }

    /**
     * Why a host may not be a receiver before anything is resolved, or empty when it may be tried. An address
     * literal is judged here in full; a name still has to resolve to public addresses only.
     */
    public static Optional<String> refuseName(String rawHost) {
        if (rawHost == null || rawHost.isEmpty()) {
            return Optional.of("has no host");
        }
        String host = normalise(rawHost);
        if (host.isEmpty() || host.endsWith(".")) {
            return Optional.of("has an empty host name");
        }
        if (host.contains(":")) {
            if (host.contains("%")) {
                return Optional.of("must not name a network interface");
            }
            return literal(host).map(a -> isPublic(a) ? null : "is not a public internet address");
        }
        if (NUMERIC_HOST.matcher(host).matches()) {
            if (!CANONICAL_IPV4.matcher(host).matches()) {
                return Optional.of("must write an IPv4 address as four decimal numbers");
            }
            Optional<InetAddress> address = literal(host);
            if (address.isEmpty()) {
                return Optional.of("is not a valid IPv4 address");
            }
            return isPublic(address.get()) ? Optional.empty() : Optional.of("is not a public internet address");
        }
        String[] labels = host.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.of("is not a valid host name");
            }
        }
        if (labels.length < 2) {
            return Optional.of("must be a fully qualified name on the internet");
        }
        if (LOCAL_NAMES.contains(host)) {
            return Optional.of("names a cloud metadata or cluster-internal service");
        }
        for (String suffix : LOCAL_SUFFIXES) {
            if (host.equals(suffix) || host.endsWith("." + suffix)) {
                return Optional.of("is a name that only exists inside a network");
            }
        }
        return Optional.empty();
    }

    /** An address literal, parsed without any lookup; empty for a name. */
    public static Optional<InetAddress> literal(String host) {
        String h = normalise(host);
        boolean v6 = h.contains(":");
        boolean v4 = CANONICAL_IPV4.matcher(h).matches();
        if (!v6 && !v4) {
            return Optional.empty();
        }
        if (v4) {
            for (String part : h.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return Optional.empty();
                }
            }
        }
        try {
            return Optional.of(InetAddress.getByName(h));
        } catch (UnknownHostException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** Whether an address is globally reachable, as the IANA special-purpose address registries say. */
    public static boolean isPublic(InetAddress address) {
        if (address instanceof Inet4Address v4) {
            return isPublicV4(v4.getAddress());
        }
        if (address instanceof Inet6Address v6) {
            return isPublicV6(v6.getAddress());
        }
        return false;
    }

    static boolean isPublicV4(byte[] a) {
        int b0 = a[0] & 0xff;
        int b1 = a[1] & 0xff;
        int b2 = a[2] & 0xff;
        return !(b0 == 0                                     // 0.0.0.0/8 "this network"
                || b0 == 10                                  // 10/8 private
                || (b0 == 100 && (b1 & 0xc0) == 64)           // 100.64/10 shared (carrier-grade NAT)
                || b0 == 127                                 // loopback
                || (b0 == 169 && b1 == 254)                  // link-local, cloud metadata
                || (b0 == 172 && (b1 & 0xf0) == 16)           // 172.16/12 private
                || (b0 == 192 && b1 == 0 && b2 == 0)          // 192.0.0/24 IETF protocol assignments
                || (b0 == 192 && b1 == 0 && b2 == 2)          // TEST-NET-1
                || (b0 == 192 && b1 == 88 && b2 == 99)        // 6to4 relay anycast
                || (b0 == 192 && b1 == 168)                  // 192.168/16 private
                || (b0 == 198 && (b1 & 0xfe) == 18)           // 198.18/15 benchmarking
                || (b0 == 198 && b1 == 51 && b2 == 100)       // TEST-NET-2
                || (b0 == 203 && b1 == 0 && b2 == 113)        // TEST-NET-3
                || b0 >= 224);                               // multicast, reserved, broadcast
    }

    static boolean isPublicV6(byte[] a) {
        int w0 = ((a[0] & 0xff) << 8) | (a[1] & 0xff);
        int w1 = ((a[2] & 0xff) << 8) | (a[3] & 0xff);
        if ((w0 & 0xe000) != 0x2000) {
            // Only 2000::/3 is global unicast: this leaves out ::, ::1, IPv4-mapped and -compatible addresses,
            // NAT64 (64:ff9b::/96, 64:ff9b:1::/48), discard (100::/64), fc00::/7, fe80::/10, fec0::/10 and ff00::/8.
            return false;
        }
        if (w0 == 0x2001 && w1 < 0x0200) {
            return false; // 2001::/23 IETF protocol assignments, Teredo (2001::/32) among them
        }
        if (w0 == 0x2001 && w1 == 0x0db8) {
            return false; // documentation
        }
        if (w0 == 0x3fff && (w1 & 0xf000) == 0) {
            return false; // 3fff::/20 documentation (RFC 9637)
        }
        if (w0 == 0x2002) {
            // 6to4: the embedded IPv4 address decides
            return isPublicV4(new byte[]{a[2], a[3], a[4], a[5]});
        }
        return true;
    }
}
