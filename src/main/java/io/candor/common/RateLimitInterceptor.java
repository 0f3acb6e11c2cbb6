package io.candor.common;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import java.time.Duration;

/** Applies {@link RateLimited} budgets before the endpoint (and before idempotency) does any work. */
@RateLimited(RateLimited.Budget.WRITE)
@Interceptor
@Priority(Interceptor.Priority.APPLICATION - 10)
public class RateLimitInterceptor {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration HOUR = Duration.ofHours(1);

    private final RateLimiter limiter;
    private final RateLimitConfig config;
    private final CurrentVertxRequest currentRequest;
    private final SecurityIdentity identity;

    public RateLimitInterceptor(RateLimiter limiter, RateLimitConfig config, CurrentVertxRequest currentRequest, SecurityIdentity identity) {
        this.limiter = limiter;
        this.config = config;
        this.currentRequest = currentRequest;
        this.identity = identity;
    }

    @AroundInvoke
    Object around(InvocationContext ctx) throws Exception {
        if (!config.enabled()) {
            return ctx.proceed();
        }
        RateLimited limit = ctx.getMethod().getAnnotation(RateLimited.class);
        if (limit == null) {
            limit = ctx.getMethod().getDeclaringClass().getAnnotation(RateLimited.class);
        }
        RoutingContext routing = currentRequest.getCurrent();
        String address = routing == null || routing.request().remoteAddress() == null ? "unknown"
                : RateLimiter.addressKey(routing.request().remoteAddress().hostAddress());
        if (limit.value() == RateLimited.Budget.PUBLIC_READ) {
            // public reads never look at credentials: a bad token on a public GET changes nothing
            limiter.take("read|" + address, config.publicReadsPerMinute(), MINUTE);
            return ctx.proceed();
        }
        if (limit.value() == RateLimited.Budget.SIGN_IN) {
            limiter.take("sign-in|" + address, config.signInsPerMinutePerAddress(), MINUTE);
            return ctx.proceed();
        }
        String caller = identity.isAnonymous() ? null : CallerScope.tenantOf(identity) + "/" + CallerScope.keyOf(identity);
        if (limit.value() == RateLimited.Budget.WRITE) {
            limiter.take("write-address|" + address, config.writesPerMinutePerAddress(), MINUTE);
            if (caller != null && !caller.endsWith("/admin")) {
                boolean marketplace = caller.contains("/marketplace:");
                limiter.take("write|" + caller, marketplace ? config.marketplaceWritesPerMinute() : config.writesPerMinute(), MINUTE);
            }
        } else if (limit.value() == RateLimited.Budget.EXPORT) {
            limiter.take("export-address|" + address, config.exportsPerHourPerAddress(), HOUR);
            if (caller != null) {
                limiter.take("export|" + caller, config.exportsPerHour(), HOUR);
            }
        } else if (caller == null) {
            limiter.take("public-report|" + address, config.publicReportsPerHour(), HOUR);
        } else {
            limiter.take("report|" + caller, config.reportsPerHour(), HOUR);
        }
        return ctx.proceed();
    }
}
