package io.candor.common;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Token buckets in memory, one per budget and caller. Client addresses are only ever used hashed with
 * a key that lives in this process's memory, so they cannot be recovered and are never written down.
 */
@ApplicationScoped
public class RateLimiter {

    private static final byte[] ADDRESS_KEY = new byte[32];

    static {
        new SecureRandom().nextBytes(ADDRESS_KEY);
    }

    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(500_000)
            .expireAfterAccess(Duration.ofHours(2))
            .build();

    /** Hashes a client address for use as a bucket key. */
    public static String addressKey(String address) {
        return HexFormat.of().formatHex(Hmac.sha256(ADDRESS_KEY, address.getBytes(StandardCharsets.UTF_8)), 0, 12);
    }

    /** Takes one token from the bucket, refusing with 429 and Retry-After when it is empty. */
    public void take(String bucketKey, int capacity, Duration per) {
        Bucket bucket = buckets.get(bucketKey, k -> new Bucket(capacity, per));
        long waitMillis = bucket.take(System.nanoTime());
        if (waitMillis > 0) {
            long seconds = Math.max(1, (waitMillis + 999) / 1000);
            throw new ProblemException(ProblemType.RATE_LIMITED, "Too many requests; try again in " + seconds + " s.", List.of(),
                    Map.of("Retry-After", Long.toString(seconds)));
        }
    }

    static final class Bucket {
        private final double capacity;
        private final double tokensPerNano;
        private double tokens;
        private long last;

        Bucket(int capacity, Duration per) {
            this.capacity = capacity;
            this.tokensPerNano = capacity / (double) per.toNanos();
            this.tokens = capacity;
            this.last = System.nanoTime();
        }

        /** Answers 0 when a token was taken, else how many milliseconds until one is available. */
        synchronized long take(long now) {
            tokens = Math.min(capacity, tokens + (now - last) * tokensPerNano);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / tokensPerNano / 1_000_000);
        }
    }
}
