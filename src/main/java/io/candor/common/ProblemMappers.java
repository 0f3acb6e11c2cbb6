package io.candor.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns every failure into problem+json. Nothing here ever echoes an exception message from a library:
 * those can carry SQL, class names or user text.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return respond(e.toProblem(), e.headers());
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        List<FieldError> errors = new ArrayList<>();
        boolean missingBody = false;
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            String field = fieldOf(v.getPropertyPath());
            if (field == null) {
                missingBody = true;
            } else {
                errors.add(new FieldError(field, v.getMessage()));
            }
        }
        if (missingBody && errors.isEmpty()) {
            return respond(Problem.of(ProblemType.MALFORMED_JSON, "A JSON request body is required.", null), Map.of());
        }
        errors.sort(Comparator.comparing(FieldError::field));
        return respond(ProblemException.validation(errors).toProblem(), Map.of());
    }

    /** {@code create.request.subject.ref} -> {@code subject.ref}; a query parameter keeps its own name. */
    static String fieldOf(Path path) {
        List<String> names = new ArrayList<>();
        boolean afterParameter = false;
        String parameter = null;
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.PARAMETER) {
                afterParameter = true;
                parameter = node.getName();
                continue;
            }
            if (afterParameter && node.getName() != null) {
                names.add(node.getName());
            }
        }
        if (!names.isEmpty()) {
            return String.join(".", names);
        }
        return "body".equals(parameter) || "request".equals(parameter) ? null : parameter;
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e) {
        String field = jsonPath(e);
        return respond(Problem.of(ProblemType.UNKNOWN_FIELD, "Unknown field '" + field + "'.",
                List.of(new FieldError(field, "unknown field"))), Map.of());
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        String field = jsonPath(e);
        if (field.isEmpty()) {
            return respond(Problem.of(ProblemType.MALFORMED_JSON, "The body does not have the expected JSON shape.", null), Map.of());
        }
        return respond(ProblemException.invalid(field, "has the wrong type").toProblem(), Map.of());
    }

    @ServerExceptionMapper
    public Response refusedValue(InputGate.RefusedValue e) {
        String field = jsonPath(e);
        String message = e.getOriginalMessage();
        return respond(ProblemException.invalid(field.isEmpty() ? "body" : field, message).toProblem(), Map.of());
    }

    @ServerExceptionMapper
    public Response jsonMapping(JsonMappingException e) {
        String field = jsonPath(e);
        if (field.isEmpty()) {
            return respond(Problem.of(ProblemType.MALFORMED_JSON, "The body does not have the expected JSON shape.", null), Map.of());
        }
        return respond(ProblemException.invalid(field, "is not valid here").toProblem(), Map.of());
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        String where = e.getLocation() == null ? "" : " near line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return respond(Problem.of(ProblemType.MALFORMED_JSON, "The body is not valid JSON" + where + ".", null), Map.of());
    }

    private static String jsonPath(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class, AuthenticationCompletionException.class})
    public Response unauthenticated(RuntimeException e) {
        return respond(Problem.of(ProblemType.UNAUTHENTICATED, "Send a valid credential as 'Authorization: Bearer <token>'.", null),
                Map.of("WWW-Authenticate", "Bearer"));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of(ProblemType.FORBIDDEN, "Your credential does not allow this.", null), Map.of());
    }

    @ServerExceptionMapper({OptimisticLockException.class, StaleStateException.class})
    public Response concurrentChange(RuntimeException e) {
        return respond(Problem.of(ProblemType.CONFLICT, "It was changed by another request at the same time; read it again and retry.", null), Map.of());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof InputGate.RefusedValue r) {
                return refusedValue(r);
            }
            if (cause instanceof UnrecognizedPropertyException u) {
                return unknownField(u);
            }
            if (cause instanceof MismatchedInputException m) {
                return mismatchedInput(m);
            }
            if (cause instanceof JsonMappingException m) {
                return jsonMapping(m);
            }
            if (cause instanceof JsonProcessingException p) {
                return malformedJson(p);
            }
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        ProblemType type = switch (status) {
            case 400 -> ProblemType.BAD_REQUEST;
            case 401 -> ProblemType.UNAUTHENTICATED;
            case 403 -> ProblemType.FORBIDDEN;
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 406 -> ProblemType.NOT_ACCEPTABLE;
            case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            case 503 -> ProblemType.UNAVAILABLE;
            default -> null;
        };
        if (type == null) {
            return unexpected(e, "GET");
        }
        String detail = switch (type) {
            case NOT_FOUND -> e instanceof NotFoundException ? "There is nothing at this address." : "Not found.";
            case METHOD_NOT_ALLOWED -> e instanceof NotAllowedException ? "This method is not allowed here." : "Method not allowed.";
            case UNSUPPORTED_MEDIA_TYPE -> e instanceof NotSupportedException ? "Send the body as application/json." : "Unsupported media type.";
            case NOT_ACCEPTABLE -> e instanceof NotAcceptableException ? "This resource answers application/json." : "Not acceptable.";
            default -> type.title() + ".";
        };
        Map<String, String> headers = new java.util.HashMap<>();
        if (status == 405 && e.getResponse().getHeaderString("Allow") != null) {
            headers.put("Allow", e.getResponse().getHeaderString("Allow"));
        }
        return respond(Problem.of(type, detail, null), headers);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, jakarta.ws.rs.core.Request request) {
        return unexpected(e, request == null ? "GET" : request.getMethod());
    }

    /** The answer to anything no other mapper took, for a request with this method. */
    Response unexpected(Throwable e, String method) {
        String state = sqlState(e);
        if (state != null && state.startsWith("22")) {
            // a value the database cannot hold (a NUL, an impossible date, a number out of range): the request's fault
            LOG.infof("refused a value the database cannot store: %s", describe(e));
            return respond(Problem.of(ProblemType.BAD_REQUEST, "The request holds a value that cannot be stored.", null), Map.of());
        }
        if (state != null && (state.equals("40001") || state.equals("40P01"))) {
            return concurrentChange(new IllegalStateException(state));
        }
        if (state != null && state.startsWith("23")) {
            LOG.infof("refused a change that conflicts with stored data: %s", describe(e));
            return respond(Problem.of(ProblemType.CONFLICT, "The request conflicts with data Candor holds.", null), Map.of());
        }
        boolean change = !List.of("GET", "HEAD", "OPTIONS").contains(method);
        if (isDatabaseUnavailable(e) || isCommitFailure(e)) {
            LOG.warnf("database unavailable: %s", describe(e));
            if (change) {
                // the database went away during the work or at its commit: whether the change was saved cannot be known
                String retry = switch (method) {
                    case "POST" -> "Send the same request again with the same Idempotency-Key; it will not be applied twice.";
                    case "PATCH" -> "Read it again: if your change is there, it was saved; if not, send it again with the new ETag.";
                    default -> "Send the same request again: it has the same effect once or twice.";
                };
                return respond(Problem.of(ProblemType.OUTCOME_UNKNOWN, "The database did not confirm the change: it may or may not have "
                        + "been saved. " + retry, null), Map.of("Retry-After", "5"));
            }
            return respond(Problem.of(ProblemType.UNAVAILABLE, "The database is not answering; try again shortly.", null),
                    Map.of("Retry-After", "5"));
        }
        String reference = UUID.randomUUID().toString();
        // The exception is logged by type and SQL state only: messages may quote stored rows.
        LOG.errorf("unexpected failure %s: %s", reference, describe(e));
        if (LOG.isDebugEnabled()) {
            LOG.debug("stack of " + reference + ": " + describe(e), new RedactedTrace(e));
        }
        return respond(Problem.of(ProblemType.INTERNAL, "Unexpected error; reference " + reference + ".", null), Map.of());
    }

    /** The SQL state of the first SQLException in the cause chain; null without one. */
    static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** A transaction that could not commit: rolled back at commit, or ended with a heuristic (unknown) outcome. */
    static boolean isCommitFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String name = t.getClass().getName();
            if (name.equals("jakarta.transaction.RollbackException") || name.equals("jakarta.transaction.HeuristicMixedException")
                    || name.equals("jakarta.transaction.HeuristicRollbackException")
                    || name.equals("com.arjuna.ats.jta.exceptions.RollbackException")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Whether this failure means the database could not be reached (down, failing over, pool exhausted), not a wrong statement. */
    public static boolean isDatabaseUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            if (t.getClass().getName().equals("io.agroal.pool.util.AgroalTimeoutException")
                    || t.getClass().getName().endsWith("JDBCConnectionException")) {
                return true;
            }
        }
        return false;
    }

    /** Class names and SQL states of the cause chain, never messages. */
    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null && sb.length() < 600; t = t.getCause()) {
            if (!sb.isEmpty()) {
                sb.append(" <- ");
            }
            sb.append(t.getClass().getName());
            if (t instanceof SQLException sql) {
                sb.append("[sqlstate=").append(sql.getSQLState()).append(']');
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return sb.toString();
    }

    private static Response respond(Problem problem, Map<String, String> headers) {
        Response.ResponseBuilder builder = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        headers.forEach(builder::header);
        return builder.build();
    }

    /** A stack trace without the messages of the exceptions in it. */
    private static final class RedactedTrace extends RuntimeException {
        RedactedTrace(Throwable original) {
            super(original.getClass().getName(), original.getCause() == null || original.getCause() == original ? null
                    : new RedactedTrace(original.getCause()), false, true);
            setStackTrace(original.getStackTrace());
        }
    }
}
