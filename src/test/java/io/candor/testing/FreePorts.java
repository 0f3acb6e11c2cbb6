package io.candor.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers a test starts in another process. A port from {@code new ServerSocket(0)} comes from the kernel's
 * ephemeral range, the same range outgoing connections take their local ports from: between the check and the child's
 * bind, any connection on the machine (the child's own JDBC pool, say) may take it, and the child then fails to start.
 * Ports here are drawn from below that range, where only listeners live, and checked free by binding the wildcard address.
 */
public final class FreePorts {

    private static final int LOWEST = 20_000;

    private FreePorts() {
    }

    /** A free port. */
    public static int one() {
        return run(1);
    }

    /** The first of {@code length} consecutive free ports. */
    public static int run(int length) {
        int ceiling = ephemeralStart() - length;
        for (int attempt = 0; attempt < 500; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(LOWEST, ceiling);
            if (allFree(first, length)) {
                return first;
            }
        }
        throw new IllegalStateException("no " + length + " consecutive free ports between " + LOWEST + " and " + ceiling);
    }

    private static boolean allFree(int first, int length) {
        for (int port = first; port < first + length; port++) {
            if (!free(port)) {
                return false;
            }
        }
        return true;
    }

    private static boolean free(int port) {
        try (ServerSocket wildcard = new ServerSocket(port)) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /** The first port the kernel hands out for outgoing connections (32768 on Linux unless configured). */
    static int ephemeralStart() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            int start = Integer.parseInt(range.split("\\s+")[0]);
            return Math.max(start, LOWEST + 1_000);
        } catch (IOException | RuntimeException unreadable) {
            return 32_768;
        }
    }
}
