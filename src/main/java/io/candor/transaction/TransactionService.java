package io.candor.transaction;

import io.candor.audit.AuditLog;
import io.candor.common.FieldError;
import io.candor.common.ProblemException;
import io.candor.common.Refs;
import io.candor.party.PartyRef;
import io.candor.party.PartyService;
import io.candor.tenant.TenantContext;
import io.candor.tenant.TenantDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/** Registers completed transactions, idempotently by the marketplace's ref, and answers entitlement lookups. */
@ApplicationScoped
@Transactional
public class TransactionService {

    /** Marketplace clocks drift; a completion this far ahead of ours is still accepted. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final TransactionRepository repository;
    private final TenantDirectory tenants;
    private final PartyService parties;
    private final AuditLog audit;
    private final Clock clock;

    private final jakarta.enterprise.event.Event<TransactionRegistered> registered;

    public TransactionService(TransactionRepository repository, TenantDirectory tenants, PartyService parties, AuditLog audit, Clock clock,
                              jakarta.enterprise.event.Event<TransactionRegistered> registered) {
        this.registered = registered;
        this.repository = repository;
        this.tenants = tenants;
        this.parties = parties;
        this.audit = audit;
        this.clock = clock;
    }

    public record Registration(TransactionView view, boolean created) {
    }

    public Registration register(long tenantId, RegisterTransactionRequest request) {
        TenantContext tenant = tenants.byId(tenantId);
        Instant now = clock.instant();
        List<FieldError> errors = new ArrayList<>();
        check(errors, "ref", () -> Refs.checkTransaction("ref", request.ref()));
        check(errors, "buyer", () -> Refs.checkParty("buyer", request.buyer()));
        check(errors, "seller", () -> Refs.checkParty("seller", request.seller()));
        List<String> products = request.products() == null ? List.of() : request.products();
        for (int i = 0; i < products.size(); i++) {
            if (!Refs.isSubjectRef(products.get(i))) {
                errors.add(new FieldError("products[" + i + "]", "must be 1..128 characters of A-Z a-z 0-9 . _ : -"));
            }
        }
        if (request.completedAt().isAfter(now.plus(CLOCK_SKEW))) {
            errors.add(new FieldError("completedAt", "must not be in the future"));
        }
        if (request.buyer().equals(request.seller())) {
            errors.add(new FieldError("seller", "buyer and seller must be different parties"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        Instant completedAt = request.completedAt().truncatedTo(ChronoUnit.MICROS);
        List<String> sortedProducts = List.copyOf(new TreeSet<>(products));
        Incentive incentive = Incentive.parse(request.incentive()).orElse(null);
        byte[] fingerprint = fingerprint(request.ref(), request.buyer(), request.seller(), completedAt, sortedProducts, incentive);

        Optional<byte[]> existing = storedFingerprint(tenantId, request.ref());
        if (existing.isEmpty()) {
            PartyRef buyer = parties.findOrCreate(tenant, request.buyer(), PartyService.Kind.BUYER);
            PartyRef seller = parties.findOrCreate(tenant, request.seller(), PartyService.Kind.SELLER);
            UUID transactionId = io.candor.common.Ids.newId(now);
            if (repository.insert(tenantId, transactionId, request.ref(), buyer.id(), seller.id(), completedAt, sortedProducts,
                    incentive, fingerprint, now)) {
                registered.fire(new TransactionRegistered(tenant, transactionId, request.ref(), buyer.id(), seller.id(), completedAt, sortedProducts, now));
                for (String product : sortedProducts) {
                    repository.sold(tenantId, seller.id(), product, completedAt);
                }
                audit.append(tenantId, AuditLog.Actor.MARKETPLACE, "transaction.registered", "transaction", request.ref(),
                        incentive == null ? Map.of("products", sortedProducts.size())
                                : Map.of("products", sortedProducts.size(), "incentive", incentive.code()), now);
                return new Registration(view(tenant, request.ref(), completedAt, sortedProducts, incentive), true);
            }
            existing = storedFingerprint(tenantId, request.ref());
        }
        if (!MessageDigest.isEqual(existing.orElseThrow(), fingerprint)) {
            throw ProblemException.conflict("Transaction '" + request.ref() + "' is already registered with different details.");
        }
        return new Registration(view(tenant, request.ref(), completedAt, sortedProducts, incentive), false);
    }

    /** The transaction with this ref in the tenant, for entitlement checks. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<PurchaseRecord> find(long tenantId, String ref) {
        return repository.byRef(tenantId, ref);
    }

    /** The transaction with this id in the tenant. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<PurchaseRecord> byId(long tenantId, UUID id) {
        return repository.byId(tenantId, id);
    }

    /** Whether this seller has sold this product in the tenant (seller_product). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean sells(long tenantId, UUID sellerPartyId, String productRef) {
        return repository.sells(tenantId, sellerPartyId, productRef);
    }

    /** A transaction the party took part in, for an export. */
    public record Participation(String ref, String role, Instant completedAt, List<String> products) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Participation> of(long tenantId, UUID partyId) {
        return repository.of(tenantId, partyId);
    }

    /**
     * Erasure: the party's purchases go (their reviews and feedback are gone already); their sales stay, without
     * the seller, because the buyers' reviews stand on them; the list of what they sold goes.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void erase(long tenantId, UUID partyId) {
        repository.erase(tenantId, partyId);
    }

    private Optional<byte[]> storedFingerprint(long tenantId, String ref) {
        return repository.fingerprint(tenantId, ref);
    }

    private static TransactionView view(TenantContext tenant, String ref, Instant completedAt, List<String> products, Incentive incentive) {
        return new TransactionView(ref, completedAt, products, completedAt.plus(Duration.ofDays(tenant.policy().reviewWindowDays())),
                incentive == null ? null : incentive.code());
    }

    private static void check(List<FieldError> errors, String field, Runnable check) {
        try {
            check.run();
        } catch (ProblemException e) {
            errors.addAll(e.errors());
        }
    }

    /** The registration's details; a transaction registered without an incentive keeps the fingerprint it always had. */
    private static byte[] fingerprint(String ref, String buyer, String seller, Instant completedAt, List<String> products, Incentive incentive) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            String canonical = String.join("\n", ref, buyer, seller, completedAt.toString(), String.join(",", products))
                    + (incentive == null ? "" : "\nincentive=" + incentive.code());
            return digest.digest(canonical.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
