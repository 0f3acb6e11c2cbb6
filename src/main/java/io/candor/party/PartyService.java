package io.candor.party;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.candor.auth.Caller;
import io.candor.common.Role;
import io.candor.common.AfterCompletion;
import io.candor.common.Hmac;
import io.candor.common.Ids;
import io.candor.tenant.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * Parties: the marketplace's opaque references, created on first use, each with a public handle derived
 * from the ref with the tenant's secret (stable, unlinkable across tenants, reveals nothing).
 */
@ApplicationScoped
public class PartyService {

    /** The kind of first contact, used as the handle's prefix: {@code buyer-7f3a9c21}. */
    public enum Kind {
        BUYER("buyer"), SELLER("seller"), MODERATOR("mod"), MEMBER("member"),
        /** The author of an anonymous review: a pseudonym of that one review, related to no other party. */
        ANONYMOUS("anonymous");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }
    }

    /** Whether a handle is an anonymous review's pseudonym (Candor makes those; no marketplace party has one). */
    public static boolean isAnonymousHandle(String handle) {
        return handle != null && handle.startsWith(Kind.ANONYMOUS.prefix + "-");
    }

    /** The kind a caller's first contact gets: buyer before seller before moderator. */
    public static Kind kindOf(Caller caller) {
        if (caller.has(Role.BUYER)) {
            return Kind.BUYER;
        }
        if (caller.has(Role.SELLER)) {
            return Kind.SELLER;
        }
        return caller.has(Role.MODERATOR) ? Kind.MODERATOR : Kind.MEMBER;
    }

    private final PartyRepository repository;
    private final Clock clock;
    private final TransactionSynchronizationRegistry transactions;
    private final Cache<String, PartyRef> cache = Caffeine.newBuilder().maximumSize(100_000).build();

    public PartyService(PartyRepository repository, Clock clock, TransactionSynchronizationRegistry transactions) {
        this.repository = repository;
        this.clock = clock;
        this.transactions = transactions;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<PartyRef> find(long tenantId, String ref) {
        PartyRef cached = cache.getIfPresent(key(tenantId, ref));
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<PartyRef> party = repository.byRef(tenantId, ref);
        party.ifPresent(p -> remember(tenantId, p));
        return party;
    }

    /** The party behind an internal id; empty once it was erased. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<PartyRef> byId(long tenantId, UUID partyId) {
        return repository.byId(tenantId, partyId);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public PartyRef findOrCreate(TenantContext tenant, String ref, Kind kind) {
        Optional<PartyRef> existing = find(tenant.id(), ref);
        if (existing.isPresent()) {
            return existing.get();
        }
        String digest = HexFormat.of().formatHex(Hmac.sha256(tenant.secret(), "handle:" + ref));
        UUID id = Ids.newId();
        for (int length = 8; length <= 32; length += 4) {
            String handle = kind.prefix + "-" + digest.substring(0, length);
            if (repository.insert(tenant.id(), id, ref, handle, clock.instant())) {
                PartyRef party = new PartyRef(id, ref, handle);
                remember(tenant.id(), party);
                return party;
            }
            Optional<PartyRef> raced = find(tenant.id(), ref);
            if (raced.isPresent()) {
                return raced.get();
            }
            // the handle belongs to another ref: lengthen it
        }
        throw new IllegalStateException("no free handle");
    }

    /**
     * Caches a party once it is known to be committed: a party created by a transaction that then
     * rolls back must not be handed to the next request.
     */
    private void remember(long tenantId, PartyRef party) {
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            cache.put(key(tenantId, party.ref()), party);
            return;
        }
        AfterCompletion.onCommit(transactions, () -> cache.put(key(tenantId, party.ref()), party));
    }

    /** When the party first appeared. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public java.time.Instant since(long tenantId, UUID partyId) {
        return repository.createdAt(tenantId, partyId);
    }

    /** Erasure: the party record goes, after everything that refers to it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void delete(long tenantId, PartyRef party) {
        repository.delete(tenantId, party.id());
        cache.invalidate(key(tenantId, party.ref()));
        AfterCompletion.always(transactions, () -> cache.invalidate(key(tenantId, party.ref())));
    }

    private static String key(long tenantId, String ref) {
        return tenantId + "/" + ref;
    }
}
