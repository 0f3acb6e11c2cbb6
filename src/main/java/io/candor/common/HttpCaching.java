package io.candor.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Answers public GETs so browsers and CDNs can cache them: the body's hash as a strong ETag,
 * {@code Cache-Control: public, max-age=30}, and 304 when the caller already has this body.
 */
@ApplicationScoped
public class HttpCaching {

    public static final String PUBLIC_CACHE_CONTROL = "public, max-age=30";

    private final ObjectMapper mapper;

    public HttpCaching(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public Response cacheable(String ifNoneMatch, Object body) {
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response not serialisable", e);
        }
        String etag = etagOf(bytes);
        if (matches(ifNoneMatch, etag)) {
            return Response.notModified().header("ETag", quoted(etag)).header("Cache-Control", PUBLIC_CACHE_CONTROL).build();
        }
        return Response.ok(bytes, MediaType.APPLICATION_JSON_TYPE)
                .header("ETag", quoted(etag))
                .header("Cache-Control", PUBLIC_CACHE_CONTROL)
                .build();
    }

    static String etagOf(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quoted(String etag) {
        return new EntityTag(etag).toString();
    }

    /** If-None-Match uses the weak comparison: {@code W/"x"} matches {@code "x"}; {@code *} matches anything. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*")) {
                return true;
            }
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            if (c.equals("\"" + etag + "\"")) {
                return true;
            }
        }
        return false;
    }
}
