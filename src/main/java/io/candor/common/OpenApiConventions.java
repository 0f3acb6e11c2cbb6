package io.candor.common;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the conventions of the contract (API.md, "Conventions") into the OpenAPI document once instead of on
 * every endpoint. Endpoints declare their success answers and the refusals that are theirs alone (and 429 where
 * they are rate-limited); this filter adds what their kind of operation can always get, and never replaces:
 * <ul>
 * <li>every 4xx and 5xx is {@code application/problem+json} with the {@code Problem} schema;
 * <li>a secured operation can answer 401 and 403; anything but a public GET answers 401 to a bad token;
 * <li>a body brings 400, 413, 415 and 422; parameters bring 422, path parameters 404, a cursor 400;
 * <li>a POST takes {@code Idempotency-Key} and can answer 409; a GET with {@code If-None-Match} answers 304;
 * <li>every operation can answer 503, which carries {@code Retry-After} like 429.
 * </ul>
 */
public class OpenApiConventions implements OASFilter {

    static final String PROBLEM_REF = "#/components/schemas/Problem";

    /** Headers the API sends, by name; an endpoint lists a header by name and gets its description from here. */
    static final Map<String, String> HEADERS = Map.of(
            "Location", "Where the created resource can be read",
            "ETag", "The version of the body; send it back as If-Match (edits) or If-None-Match (public reads)",
            "Cache-Control", "public, max-age=30 on public reads",
            "Retry-After", "Seconds to wait before trying again",
            "WWW-Authenticate", "Bearer",
            "Content-Disposition", "attachment: the export is meant to be saved",
            "Idempotent-Replayed", "true when this is the stored answer to an earlier request with the same Idempotency-Key");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.getComponents().addSchema("Problem", problemSchema()).addSchema("FieldError", fieldErrorSchema());
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.getOperations().forEach((method, operation) -> applyConventions(method, operation, parametersOf(item, operation)));
            }
        });
    }

    private static void applyConventions(PathItem.HttpMethod method, Operation operation, List<Parameter> parameters) {
        boolean secured = operation.getSecurity() != null && !operation.getSecurity().isEmpty();
        boolean body = operation.getRequestBody() != null;
        boolean pathParameters = parameters.stream().anyMatch(p -> p.getIn() == Parameter.In.PATH);
        boolean queryParameters = parameters.stream().anyMatch(p -> p.getIn() == Parameter.In.QUERY);
        boolean cursor = parameters.stream().anyMatch(p -> p.getIn() == Parameter.In.QUERY && "cursor".equals(p.getName()));
        boolean conditional = parameters.stream().anyMatch(p -> p.getIn() == Parameter.In.HEADER && "If-None-Match".equalsIgnoreCase(p.getName()));
        boolean post = method == PathItem.HttpMethod.POST;
        APIResponses responses = operation.getResponses();

        if (post) {
            operation.addParameter(OASFactory.createParameter().name("Idempotency-Key").in(Parameter.In.HEADER)
                    .description("Repeat a POST safely: the same key and request within 24 hours get the first answer again")
                    .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING).maxLength(255)));
            successes(responses).forEach(r -> r.addHeader("Idempotent-Replayed", header("Idempotent-Replayed")));
            String idempotency = "conflict: this Idempotency-Key was used for another request, or that request is still running";
            APIResponse conflict = responses.getAPIResponse("409");
            if (conflict == null) {
                responses.addAPIResponse("409", OASFactory.createAPIResponse().description(idempotency));
            } else if (conflict.getDescription() == null || !conflict.getDescription().contains("Idempotency-Key")) {
                conflict.description(conflict.getDescription() == null ? idempotency : conflict.getDescription() + "; or " + idempotency);
            }
        }
        if (conditional) {
            successes(responses).forEach(r -> r.addHeader("ETag", header("ETag")).addHeader("Cache-Control", header("Cache-Control")));
            add(responses, "304", "Not modified: the If-None-Match ETag is still current", false);
        }
        if (body) {
            add(responses, "400", "malformed-json or unknown-field: the body is not JSON of the documented shape"
                    + (post ? "; bad-request: an Idempotency-Key Candor cannot use" : ""), true);
            add(responses, "413", "payload-too-large: bodies are limited to 64 KiB", true);
            add(responses, "415", "unsupported-media-type: send application/json", true);
        } else if (cursor) {
            add(responses, "400", "bad-request: a cursor that is forged or belongs to another list", true);
        } else if (post) {
            add(responses, "400", "bad-request: an Idempotency-Key Candor cannot use", true);
        }
        if (secured || method != PathItem.HttpMethod.GET) {
            add(responses, "401", secured ? "unauthenticated: no credential, or one that is invalid, expired or of no marketplace"
                    : "unauthenticated: a credential was sent and it is invalid (send none at all instead)", true);
        }
        if (secured) {
            add(responses, "403", "forbidden: the credential is valid but does not have the role this needs", true);
        }
        if (pathParameters) {
            add(responses, "404", "not-found: nothing of yours (or of this marketplace) at this address", true);
        }
        if (body || queryParameters || pathParameters) {
            add(responses, "422", "validation: fields that break the documented rules, each named in errors", true);
        }
        add(responses, "503", method == PathItem.HttpMethod.GET ? "unavailable: the database is not answering"
                : "outcome-unknown: the database did not confirm the change (it may or may not be saved); send it again"
                + (post ? " with the same Idempotency-Key" : ""), true);

        responses.getAPIResponses().forEach((code, response) -> {
            if (code.startsWith("4") || code.startsWith("5")) {
                if (response.getContent() == null || response.getContent().getMediaTypes().isEmpty()) {
                    response.content(problemContent());
                }
                if (code.equals("429") || code.equals("503")) {
                    response.addHeader("Retry-After", header("Retry-After"));
                }
                if (code.equals("401")) {
                    response.addHeader("WWW-Authenticate", header("WWW-Authenticate"));
                }
            }
            if (response.getHeaders() != null) {
                response.getHeaders().forEach((name, h) -> describe(name, h));
            }
        });
        operation.responses(sorted(responses));
    }

    private static List<Parameter> parametersOf(PathItem item, Operation operation) {
        List<Parameter> all = new ArrayList<>();
        if (item.getParameters() != null) {
            all.addAll(item.getParameters());
        }
        if (operation.getParameters() != null) {
            all.addAll(operation.getParameters());
        }
        return all;
    }

    private static List<APIResponse> successes(APIResponses responses) {
        return responses.getAPIResponses().entrySet().stream().filter(e -> e.getKey().startsWith("2")).map(Map.Entry::getValue).toList();
    }

    private static void add(APIResponses responses, String code, String description, boolean problem) {
        if (!responses.hasAPIResponse(code)) {
            APIResponse response = OASFactory.createAPIResponse().description(description);
            responses.addAPIResponse(code, problem ? response.content(problemContent()) : response);
        }
    }

    private static Header header(String name) {
        return OASFactory.createHeader().description(HEADERS.get(name)).schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING));
    }

    private static void describe(String name, Header header) {
        if (header.getDescription() == null && HEADERS.containsKey(name)) {
            header.description(HEADERS.get(name));
        }
        if (header.getSchema() == null) {
            header.schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING));
        }
    }

    private static APIResponses sorted(APIResponses responses) {
        APIResponses ordered = OASFactory.createAPIResponses();
        new TreeMap<>(responses.getAPIResponses()).forEach(ordered::addAPIResponse);
        return ordered;
    }

    private static Content problemContent() {
        return OASFactory.createContent()
                .addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF)));
    }

    /** {@link Problem} as RFC 9457 defines it; {@code type} is {@code /problems/<code>} with the codes of {@link ProblemType}. */
    private static Schema problemSchema() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details; never a stack trace, SQL or a class name")
                .addProperty("type", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .description("/problems/<code>: " + String.join(", ", problemCodes())))
                .addProperty("title", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("detail", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                        .description("validation: one entry per refused field")
                        .items(OASFactory.createSchema().ref("#/components/schemas/FieldError")))
                .required(List.of("type", "title", "status"));
    }

    private static Schema fieldErrorSchema() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .addProperty("field", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("message", OASFactory.createSchema().addType(Schema.SchemaType.STRING));
    }

    private static List<String> problemCodes() {
        return Arrays.stream(ProblemType.values()).map(ProblemType::code).distinct().toList();
    }
}
