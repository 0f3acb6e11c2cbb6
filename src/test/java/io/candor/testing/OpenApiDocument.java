package io.candor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The OpenAPI document the running service publishes, and a check that an answer has the shape it documents:
 * every field declared (through {@code $ref}, {@code allOf}, arrays and {@code additionalProperties}), every value
 * of the declared kind. Stricter than JSON Schema on purpose: an object schema that declares no properties
 * accepts fields only with an explicit {@code additionalProperties}, so an empty schema {@code {}} documents nothing.
 */
public final class OpenApiDocument {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    private final JsonNode root;

    private OpenApiDocument(JsonNode root) {
        this.root = root;
    }

    public static OpenApiDocument live() {
        return new OpenApiDocument(parse(RestAssured.given().get("/q/openapi?format=json").then().statusCode(200).extract().asString()));
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every operation under {@code /api/}, as {@code "GET /api/v1/…"}. */
    public Set<String> operations() {
        Set<String> operations = new TreeSet<>();
        root.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (METHODS.contains(method) && path.getKey().startsWith("/api/")) {
                operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        return operations;
    }

    /** Whether the operation takes a request body. */
    public boolean hasBody(String operation) {
        String[] parts = operation.split(" ", 2);
        return root.path("paths").path(parts[1]).path(parts[0].toLowerCase(Locale.ROOT)).has("requestBody");
    }

    /** The operation's documented responses, by status code. */
    public JsonNode responses(String operation) {
        String[] parts = operation.split(" ", 2);
        return root.path("paths").path(parts[1]).path(parts[0].toLowerCase(Locale.ROOT)).path("responses");
    }

    /** The schema documented for this status and media type; a missing node when there is none. */
    public JsonNode schema(String operation, int status, String mediaType) {
        return responses(operation).path(Integer.toString(status)).path("content").path(mediaType).path("schema");
    }

    /** Whether the answer with this status is documented to have a body at all. */
    public boolean hasContent(String operation, int status) {
        return responses(operation).path(Integer.toString(status)).path("content").size() > 0;
    }

    /** Everything in {@code value} that {@code schema} does not declare, each as {@code "$.path: why"}. */
    public List<String> undeclared(JsonNode value, JsonNode schema) {
        List<String> problems = new ArrayList<>();
        check(value, schema, "$", problems);
        return problems;
    }

    private void check(JsonNode value, JsonNode schema, String at, List<String> problems) {
        if (value == null || value.isNull()) {
            return;
        }
        Shape shape = shape(schema);
        if (!shape.alternatives.isEmpty()) {
            List<String> first = null;
            for (JsonNode alternative : shape.alternatives) {
                List<String> found = new ArrayList<>();
                check(value, alternative, at, found);
                if (found.isEmpty()) {
                    return;
                }
                first = first == null ? found : first;
            }
            problems.addAll(first);
            return;
        }
        if (value.isObject()) {
            if (!shape.types.isEmpty() && !shape.types.contains("object")) {
                problems.add(at + ": an object where the document says " + shape.types);
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String where = at + "." + field.getKey();
                if (shape.properties.containsKey(field.getKey())) {
                    check(field.getValue(), shape.properties.get(field.getKey()), where, problems);
                } else if (shape.additional != null && shape.additional.isObject()) {
                    check(field.getValue(), shape.additional, where, problems);
                } else if (shape.additional == null || !shape.additional.asBoolean(false)) {
                    problems.add(where + ": not in the documented schema");
                }
            }
        } else if (value.isArray()) {
            if (!shape.types.contains("array") || shape.items == null) {
                problems.add(at + ": an array where the document says " + (shape.types.isEmpty() ? "nothing" : shape.types));
                return;
            }
            for (int i = 0; i < value.size(); i++) {
                check(value.get(i), shape.items, at + "[" + i + "]", problems);
            }
        } else if (shape.types.isEmpty()) {
            problems.add(at + ": " + value + " where the document declares nothing");
        } else if (!shape.types.contains(kindOf(value)) && !(value.isIntegralNumber() && shape.types.contains("number"))) {
            problems.add(at + ": " + kindOf(value) + " where the document says " + shape.types);
        }
    }

    private static String kindOf(JsonNode value) {
        if (value.isTextual()) {
            return "string";
        }
        if (value.isIntegralNumber()) {
            return "integer";
        }
        if (value.isNumber()) {
            return "number";
        }
        return value.isBoolean() ? "boolean" : value.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    /** What a schema allows, with {@code $ref} resolved and {@code allOf} merged. */
    private static final class Shape {
        final Map<String, JsonNode> properties = new LinkedHashMap<>();
        final Set<String> types = new HashSet<>();
        final List<JsonNode> alternatives = new ArrayList<>();
        JsonNode additional;
        JsonNode items;
    }

    private Shape shape(JsonNode schema) {
        Shape shape = new Shape();
        collect(schema, shape, 0);
        return shape;
    }

    private void collect(JsonNode schema, Shape shape, int depth) {
        if (schema == null || schema.isMissingNode() || depth > 20) {
            return;
        }
        if (schema.has("$ref")) {
            collect(resolve(schema.get("$ref").asText()), shape, depth + 1);
        }
        JsonNode type = schema.path("type");
        if (type.isTextual()) {
            shape.types.add(type.asText());
        } else if (type.isArray()) {
            type.forEach(t -> shape.types.add(t.asText()));
        }
        shape.types.remove("null");
        schema.path("properties").fields().forEachRemaining(p -> shape.properties.put(p.getKey(), p.getValue()));
        if (schema.has("additionalProperties")) {
            shape.additional = schema.get("additionalProperties");
        }
        if (schema.has("items")) {
            shape.items = schema.get("items");
        }
        schema.path("allOf").forEach(part -> collect(part, shape, depth + 1));
        schema.path("anyOf").forEach(shape.alternatives::add);
        schema.path("oneOf").forEach(shape.alternatives::add);
    }

    private JsonNode resolve(String ref) {
        if (!ref.startsWith("#/")) {
            throw new IllegalArgumentException("only local references are expected: " + ref);
        }
        JsonNode node = root;
        for (String part : ref.substring(2).split("/")) {
            node = node.path(part);
        }
        return node;
    }
}
