package io.candor.webhook;

import io.candor.common.Hmac;
import io.candor.tenant.TenantContext;
import io.candor.tenant.TenantDirectory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.net.URI;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers outbox events: at least once, in order per target, signed, retried with exponential
 * backoff and full jitter for {@code retryFor}, then dead-lettered for the operator to see. Several
 * instances may run it: an event is claimed with an atomic UPDATE that also leases it, so a crashed
 * sender's events are retried when the lease runs out.
 */
@ApplicationScoped
public class OutboxSender {

    private static final Logger LOG = Logger.getLogger(OutboxSender.class);
    /** Most events of one target delivered in one run, so one busy target cannot starve the others. */
    private static final int PER_TARGET = 50;

    private final OutboxRepository outbox;
    private final TenantDirectory tenants;
    private final WebhookService webhooks;
    private final WebhookConfig config;
    private final Clock clock;
    private final HttpClient http;
    private final ExecutorService workers = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "webhook-sender");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong dead = new AtomicLong();

    public OutboxSender(OutboxRepository outbox, TenantDirectory tenants, WebhookService webhooks, WebhookConfig config, Clock clock, MeterRegistry metrics,
                        Vertx vertx) {
        this.outbox = outbox;
        this.tenants = tenants;
        this.webhooks = webhooks;
        this.config = config;
        this.clock = clock;
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setVerifyHost(true)
                .setForceSni(true)
                .setConnectTimeout((int) config.timeout().toMillis())
                .setMaxRedirects(0), new PoolOptions().setHttp1MaxSize(8));
        Gauge.builder("candor.outbox.pending", pending, AtomicLong::get).description("Webhook events waiting for delivery").register(metrics);
        Gauge.builder("candor.outbox.dead", dead, AtomicLong::get).description("Webhook events given up after retrying").register(metrics);
    }

    void stop(@Observes ShutdownEvent event) {
        workers.shutdownNow();
        http.close();
    }

    /** One event as claimed. */
    record Claimed(long tenantId, UUID id, String type, String targetKey, String payload, int attempts, Instant retryFrom) {
    }

    private final io.candor.common.ScheduledWork deliveryRuns = new io.candor.common.ScheduledWork("webhook delivery", LOG);
    private final io.candor.common.ScheduledWork cleanUpRuns = new io.candor.common.ScheduledWork("outbox clean-up", LOG);

    @Scheduled(every = "{candor.webhook.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "outbox-sender")
    void run() {
        deliveryRuns.run(this::deliverDue);
    }

    /** One delivery run: every target with a due event, in parallel, each in order. */
    void deliverDue() {
        outbox.skipWithoutReceiver();
        Instant now = clock.instant();
        List<OutboxRepository.Head> heads = outbox.heads();
        List<Future<?>> running = new ArrayList<>();
        int taken = 0;
        for (OutboxRepository.Head head : heads) {
            if (head.due().isAfter(now)) {
                continue;
            }
            if (taken++ >= config.batchSize()) {
                break;
            }
            running.add(workers.submit(() -> deliverTarget(head.tenantId(), head.targetKey())));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (Exception e) {
                LOG.warnf("webhook delivery run failed: %s", e.getClass().getName());
            }
        }
        refreshGauges();
    }

    /** Delivers a target's due events in order until one fails or none is due. */
    void deliverTarget(long tenantId, String targetKey) {
        TenantContext tenant = tenants.byId(tenantId);
        Optional<WebhookService.Endpoint> endpoint = webhooks.endpoint(tenant);
        for (int i = 0; i < PER_TARGET; i++) {
            Optional<Claimed> claimed = claimHead(tenantId, targetKey);
            if (claimed.isEmpty()) {
                return;
            }
            Claimed event = claimed.get();
            String failure = endpoint.isEmpty() ? "no readable webhook secret (was the encryption key changed?)" : deliver(endpoint.get(), event);
            if (failure == null) {
                outbox.delivered(tenantId, event.id(), clock.instant());
            } else {
                retryOrBury(event, failure);
                return;
            }
        }
    }

    /** Claims the first pending event of a target if it is due, leasing it for one delivery. */
    private Optional<Claimed> claimHead(long tenantId, String targetKey) {
        Instant now = clock.instant();
        Instant lease = now.plus(config.timeout()).plusSeconds(30);
        return outbox.claimHead(tenantId, targetKey, now, lease);
    }

    /**
     * Sends one event; answers null on a 2xx, else what went wrong (never the receiver's body). The receiver's
     * name is resolved and checked here, once, and the connection goes to that very address, while the request
     * still names the host (Host header, TLS server name and certificate check).
     */
    String deliver(WebhookService.Endpoint endpoint, Claimed event) {
        URI url = endpoint.url();
        try {
            List<InetAddress> addresses = webhooks.deliveryAddresses(url);
            if (addresses.isEmpty()) {
                return "the receiver's address is private, local or not resolvable";
            }
            boolean https = "https".equals(url.getScheme());
            int port = url.getPort() > 0 ? url.getPort() : https ? 443 : 80;
            String target = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                    + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
            long t = clock.instant().getEpochSecond();
            String signature = HexFormat.of().formatHex(Hmac.sha256(endpoint.secret().getBytes(StandardCharsets.UTF_8), t + "." + event.payload()));
            RequestOptions options = new RequestOptions()
                    .setMethod(HttpMethod.POST)
                    .setServer(SocketAddress.inetSocketAddress(port, addresses.get(0).getHostAddress()))
                    .setHost(ReceiverAddresses.normalise(url.getHost()))
                    .setPort(port)
                    .setSsl(https)
                    .setURI(target)
                    .setFollowRedirects(false)
                    .setConnectTimeout(config.timeout().toMillis())
                    .setTimeout(config.timeout().toMillis())
                    .putHeader("Content-Type", "application/json")
                    .putHeader("User-Agent", "Candor-Webhooks/1")
                    .putHeader("Candor-Signature", "t=" + t + ",v1=" + signature)
                    .putHeader("Candor-Event-Id", event.id().toString())
                    .putHeader("Candor-Event-Type", event.type());
            Buffer body = Buffer.buffer(event.payload().getBytes(StandardCharsets.UTF_8));
            int status = http.request(options)
                    .compose(request -> request.send(body))
                    .compose(response -> response.end().map(ignored -> response.statusCode()))
                    .toCompletionStage().toCompletableFuture()
                    .get(config.timeout().toMillis() * 2, TimeUnit.MILLISECONDS);
            return status / 100 == 2 ? null : "HTTP " + status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause() == null ? "ExecutionException" : e.getCause().getClass().getSimpleName();
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }

    private void retryOrBury(Claimed event, String failure) {
        Instant now = clock.instant();
        long base = config.initialBackoff().toMillis() << Math.min(event.attempts() - 1, 20);
        long capped = Math.min(base, config.maxBackoff().toMillis());
        Duration delay = Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
        Instant next = now.plus(delay);
        if (next.isAfter(event.retryFrom().plus(config.retryFor()))) {
            outbox.dead(event.tenantId(), event.id(), failure);
            LOG.warnf("webhook event %s of tenant %d dead-lettered after %d attempts: %s", event.id(), event.tenantId(), event.attempts(), failure);
        } else {
            outbox.retryAt(event.tenantId(), event.id(), next, failure);
        }
    }

    private void refreshGauges() {
        long[] backlog = outbox.backlog();
        pending.set(backlog[0]);
        dead.set(backlog[1]);
    }

    /** Forgets delivered and skipped events after a week; dead ones stay until the operator deals with them. */
    @Scheduled(cron = "{candor.webhook.cleanup-cron:0 15 4 * * ?}", identity = "outbox-cleanup")
    void cleanUp() {
        cleanUpRuns.run(() -> {
            int removed = outbox.deleteSettledBefore(clock.instant().minus(Duration.ofDays(7)));
            LOG.debugf("outbox clean-up removed %d events", removed);
        });
    }
}
