package io.candor.auth;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request of the matrix. Without a credential of its own it is sent with the caller's; a throw-away party's
 * token or a throw-away marketplace's key replaces it where the call would spoil the fixture for the rows after.
 */
record Call(String method, String path, Object body, Map<String, String> headers, String credential) {

    static Call get(String path) {
        return new Call("GET", path, null, Map.of(), null);
    }

    static Call post(String path, Object body) {
        return new Call("POST", path, body, Map.of(), null);
    }

    static Call put(String path, Object body) {
        return new Call("PUT", path, body, Map.of(), null);
    }

    static Call patch(String path, Object body) {
        return new Call("PATCH", path, body, Map.of(), null);
    }

    static Call delete(String path) {
        return new Call("DELETE", path, null, Map.of(), null);
    }

    Call header(String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return new Call(method, path, body, Map.copyOf(all), credential);
    }

    /** This call with its own credential instead of the caller's; {@code null} keeps the caller's. */
    Call as(String ownCredential) {
        return ownCredential == null ? this : new Call(method, path, body, headers, ownCredential);
    }
}
