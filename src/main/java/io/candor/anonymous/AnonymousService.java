package io.candor.anonymous;

import io.candor.audit.AuditLog;
import io.candor.auth.Caller;
import io.candor.common.FieldError;
import io.candor.common.ProblemException;
import io.candor.common.ProblemType;
import io.candor.common.Refs;
import io.candor.party.PartyRef;
import io.candor.party.PartyService;
import io.candor.review.ReviewService;
import io.candor.review.ReviewView;
import io.candor.review.SubjectRef;
import io.candor.tenant.TenantContext;
import io.candor.tenant.TenantDirectory;
import io.candor.transaction.PurchaseRecord;
import io.candor.transaction.TransactionService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Anonymous reviews backed by blind-signed proof of purchase (docs/anonymous-reviews.md). A buyer gets one token per
 * line of a completed transaction: Candor signs a blinded message under the subject's key of the month and records only
 * that the line's token was issued. Later, with no credential of the buyer's, the token is redeemed for a review: the
 * signature is checked, the token spent, and the review written under a pseudonym made for it alone, whose author
 * secret (returned once, stored as a hash) is the only way to act as its author. The review waits, sealed, until at
 * least k tokens of its subject and month were issued (the anonymity set).
 */
@ApplicationScoped
@Transactional
public class AnonymousService {

    public static final String ALGORITHM = "RSABSSA-SHA384-PSS-Randomized";
    static final String SECRET_PREFIX = "cna_";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TenantDirectory tenants;
    private final PartyService parties;
    private final TransactionService transactions;
    private final ReviewService reviews;
    private final io.candor.review.ReviewQueries queries;
    private final AnonymousKeys keys;
    private final AnonymousRepository repository;
    private final AuditLog audit;
    private final Clock clock;

    public AnonymousService(TenantDirectory tenants, PartyService parties, TransactionService transactions, ReviewService reviews,
                            io.candor.review.ReviewQueries queries, AnonymousKeys keys, AnonymousRepository repository, AuditLog audit, Clock clock) {
        this.queries = queries;
        this.tenants = tenants;
        this.parties = parties;
        this.transactions = transactions;
        this.reviews = reviews;
        this.keys = keys;
        this.repository = repository;
        this.audit = audit;
        this.clock = clock;
    }

    /** A published key, as the API shows it. */
    public record KeyView(String algorithm, String epoch, String keyId, String publicKey, int modulusBits, Instant redeemableUntil) {
        static KeyView of(AnonymousKeys.PublicKey key) {
            return new KeyView(ALGORITHM, key.epoch(), B64.encodeToString(key.keyId()), B64.encodeToString(key.encoded()),
                    key.key().getModulus().bitLength(), Epochs.redeemableUntil(Epochs.parse(key.epoch()).orElseThrow()));
        }
    }

    public record IssuedToken(String epoch, String keyId, String blindSignature) {
    }

    /** A redemption's answer; {@code replayed} when it is the same redemption again (not shown). */
    public record Redeemed(ReviewView review, String authorSecret, boolean waitingForAnonymitySet,
                           @com.fasterxml.jackson.annotation.JsonIgnore boolean replayed) {
    }

    /** The subject's key of a month as everyone is served it (the current month when none is named). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public KeyView publishedKey(TenantContext tenant, String subjectType, String subjectRef, String epoch) {
        String month = epoch == null ? Epochs.of(clock.instant()) : Epochs.parse(epoch).map(YearMonth::toString)
                .orElseThrow(() -> ProblemException.invalid("epoch", "must be a month, YYYY-MM"));
        return keys.published(tenant.id(), subjectType, subjectRef, month).map(KeyView::of)
                .orElseThrow(() -> ProblemException.notFound("Key of " + subjectType + " '" + subjectRef + "' for " + month));
    }

    /** The subject's current key for a buyer entitled to a token for it: made on first use, logged when made. */
    public KeyView keyFor(Caller caller, String transactionRef, SubjectRef subject) {
        TenantContext tenant = tenants.byId(caller.tenant());
        Instant now = clock.instant();
        entitledPurchase(tenant, caller, transactionRef, subject, now);
        return KeyView.of(currentKey(tenant, subject, now));
    }

    /** Signs a blinded message for one line of the buyer's completed transaction, once. */
    public IssuedToken issue(Caller caller, String transactionRef, SubjectRef subject, String keyId, String blindedMessage) {
        TenantContext tenant = tenants.byId(caller.tenant());
        Instant now = clock.instant();
        byte[] blinded = decode("blindedMessage", blindedMessage, 256, 512);
        PurchaseRecord purchase = entitledPurchase(tenant, caller, transactionRef, subject, now);
        AnonymousKeys.PublicKey key = currentKey(tenant, subject, now);
        if (!B64.encodeToString(key.keyId()).equals(keyId)) {
            throw ProblemException.of(ProblemType.TOKEN_KEY_CHANGED, "The subject's key for " + key.epoch() + " is "
                    + B64.encodeToString(key.keyId()) + ": fetch it, check it is the published one, and blind your message under it.");
        }
        if (blinded.length != BlindRsa.modulusLength(key.key().getModulus())) {
            throw ProblemException.invalid("blindedMessage", "must be " + BlindRsa.modulusLength(key.key().getModulus()) + " bytes, base64url");
        }
        if (!repository.recordIssuance(tenant.id(), purchase.id(), subject.type(), subject.ref())) {
            throw ProblemException.of(ProblemType.TOKEN_ALREADY_ISSUED, "This purchase's token for this " + subject.type() + " was issued already.");
        }
        byte[] signature;
        try {
            RSAPrivateCrtKey signing = keys.signingKey(tenant.id(), subject.type(), subject.ref(), key.epoch());
            signature = BlindRsa.blindSign(signing, blinded);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("blindedMessage", "is not a blinded message under this key");
        }
        int issued = repository.countIssued(tenant.id(), subject.type(), subject.ref(), key.epoch());
        if (issued >= anonymitySetSize(tenant)) {
            // (from k on, each issuance looks: nothing is left waiting whatever the order of commits)
            reviews.publishWaitingAnonymous(tenant, subject.type(), subject.ref(), key.epoch(), now);
        }
        return new IssuedToken(key.epoch(), B64.encodeToString(key.keyId()), B64.encodeToString(signature));
    }

    /** A token's redemption: with no credential of the buyer's, a review under a fresh pseudonym and its author secret. */
    public Redeemed redeem(String slug, SubjectRef subject, String tokenEpoch, String message, String signature,
                           ReviewService.AnonymousContent content, String offeredSecret) {
        TenantContext tenant = tenants.requireSlug(slug);
        Instant now = clock.instant();
        byte[] secret = offeredSecret == null ? randomSecret() : decode("authorSecret", offeredSecret, 32, 32);
        byte[] prepared = decode("token.message", message, BlindRsa.PREFIX_LENGTH + 1, BlindRsa.PREFIX_LENGTH + 400);
        byte[] sig = decode("token.signature", signature, 256, 512);
        checkContent(content);
        TokenMessage says = TokenMessage.parse(prepared).orElseThrow(AnonymousService::invalidToken);
        YearMonth epoch = Epochs.parse(says.epoch()).orElseThrow(AnonymousService::invalidToken);
        if (tokenEpoch != null && !tokenEpoch.equals(says.epoch())) {
            throw invalidToken();
        }
        if (!says.tenant().equals(tenant.slug())) {
            throw invalidToken();
        }
        AnonymousKeys.PublicKey key = keys.published(tenant.id(), says.subjectType(), says.subjectRef(), says.epoch())
                .orElseThrow(AnonymousService::invalidToken);
        if (!BlindRsa.verify(key.key(), prepared, sig)) {
            throw invalidToken();
        }
        if (!says.subjectType().equals(subject.type()) || !says.subjectRef().equals(subject.ref())) {
            throw ProblemException.of(ProblemType.TOKEN_WRONG_SUBJECT, "This token is for " + says.subjectType() + " '" + says.subjectRef()
                    + "', not " + subject.type() + " '" + subject.ref() + "'.");
        }
        if (!Epochs.redeemable(epoch, now)) {
            throw ProblemException.of(ProblemType.TOKEN_EXPIRED, "Tokens of " + says.epoch() + " could be used until "
                    + Epochs.redeemableUntil(epoch) + ".");
        }
        byte[] secretHash = AnonymousKeys.sha256(secret);
        if (!repository.spend(tenant.id(), AnonymousKeys.sha256(prepared))) {
            // the same redemption again (its answer was lost): the secret it chose finds its review
            Optional<ReviewView> earlier = offeredSecret == null ? Optional.empty() : repository.partyOfCredential(tenant.id(), secretHash)
                    .flatMap(party -> parties.byId(tenant.id(), party))
                    .flatMap(party -> queries.ownList(tenant, party.id(), 1, null).items().stream()
                            .filter(r -> r.subject().type().equals(subject.type()) && r.subject().ref().equals(subject.ref())).findFirst());
            if (earlier.isPresent()) {
                return new Redeemed(earlier.get(), offeredSecret(slug, secret), "sealed".equals(earlier.get().status()), true);
            }
            throw ProblemException.of(ProblemType.TOKEN_SPENT, "This token was used for a review already.");
        }
        PartyRef author = parties.findOrCreate(tenant, Refs.CANDOR_PREFIX + "anon:" + B64.encodeToString(randomBytes(20)), PartyService.Kind.ANONYMOUS);
        repository.insertCredential(tenant.id(), secretHash, author.id());
        boolean open = repository.issuedLocked(tenant.id(), subject.type(), subject.ref(), says.epoch()) >= anonymitySetSize(tenant);
        ReviewView review = reviews.createAnonymous(tenant, author, subject, content, says.epoch(), open, now);
        return new Redeemed(review, offeredSecret(slug, secret), "sealed".equals(review.status()), false);
    }

    /** A line of the buyer's transactions whose anonymous-review token was issued (for the buyer's data export). */
    public record TokenTaken(String transaction, io.candor.review.PublicReview.Subject subject) {
    }

    /**
     * Which lines of the buyer's purchases had their tokens: what Candor knows of a buyer's anonymous reviews, which is
     * not which reviews they are.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<TokenTaken> issuedTo(long tenantId, java.util.UUID buyerPartyId) {
        List<TokenTaken> issued = new java.util.ArrayList<>();
        for (TransactionService.Participation p : transactions.of(tenantId, buyerPartyId)) {
            if (!"buyer".equals(p.role())) {
                continue;
            }
            transactions.find(tenantId, p.ref()).ifPresent(purchase -> repository.issuedLines(tenantId, purchase.id())
                    .forEach(line -> issued.add(new TokenTaken(p.ref(), new io.candor.review.PublicReview.Subject(line[0], line[1])))));
        }
        return issued;
    }

    private AnonymousKeys.PublicKey currentKey(TenantContext tenant, SubjectRef subject, Instant now) {
        String epoch = Epochs.of(now);
        AnonymousKeys.Current current = keys.current(tenant.id(), subject.type(), subject.ref(), epoch);
        AnonymousKeys.PublicKey key = current.key();
        if (current.made()) {
            // the key goes on the signed, append-only log: anyone can check that one key per subject and month was ever served
            audit.append(tenant.id(), AuditLog.Actor.SYSTEM, "anonymous.key", subject.type(), subject.ref(),
                    Map.of("epoch", epoch, "keyId", B64.encodeToString(key.keyId()), "algorithm", ALGORITHM), now);
        }
        return key;
    }

    /** The buyer's purchase that entitles them to a token for the subject: as for a review, and not reviewed already. */
    private PurchaseRecord entitledPurchase(TenantContext tenant, Caller caller, String transactionRef, SubjectRef subject, Instant now) {
        PurchaseRecord purchase = reviews.entitlement(tenant, caller.party(), transactionRef, subject, now);
        Set<String> reviewed = reviews.reviewedLines(tenant.id(), purchase.buyerPartyId(), purchase.id(),
                subject.type().equals("product") ? List.of(subject.ref()) : List.of());
        if (reviewed.contains(subject.type() + ":" + subject.ref())) {
            throw ProblemException.of(ProblemType.ALREADY_EXISTS, "You have reviewed this " + subject.type() + " already.");
        }
        return purchase;
    }

    private static void checkContent(ReviewService.AnonymousContent content) {
        if (content.rating() < 1 || content.rating() > 5) {
            throw ProblemException.validation(List.of(new FieldError("rating", "must be 1..5")));
        }
    }

    private static int anonymitySetSize(TenantContext tenant) {
        return tenant.policy().anonymitySetSize(); // stored policies are merged over the defaults: never null
    }

    private static String offeredSecret(String slug, byte[] secret) {
        return SECRET_PREFIX + slug + "." + B64.encodeToString(secret);
    }

    private static byte[] randomSecret() {
        return randomBytes(32);
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static byte[] decode(String field, String value, int min, int max) {
        if (value == null || value.length() > 4 * max / 3 + 4) {
            throw ProblemException.invalid(field, "required, base64url");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(field, "must be base64url");
        }
        if (bytes.length < min || bytes.length > max) {
            throw ProblemException.invalid(field, "must be " + (min == max ? min : min + ".." + max) + " bytes");
        }
        return bytes;
    }

    private static ProblemException invalidToken() {
        return ProblemException.of(ProblemType.TOKEN_INVALID, "This token was not issued by this marketplace's Candor for a subject of it.");
    }
}
