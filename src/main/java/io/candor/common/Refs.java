package io.candor.common;

/** The shape rules for the marketplace's own references: parties, transactions, products. */
public final class Refs {

    private static final int REF_MAX = 64;
    private static final int SUBJECT_REF_MAX = 128;

    private Refs() {
    }

    /**
     * Refs Candor makes itself (the pseudonym of an anonymous review's author) start with this; a marketplace's refs
     * never do, so no token or transaction of a marketplace can name such a party.
     */
    public static final String CANDOR_PREFIX = "candor:";

    /** A party ref is an opaque pseudonym: never an e-mail address ({@code @}) or a phone number ({@code +...}). */
    public static String checkParty(String field, String ref) {
        if (!isPartyRef(ref)) {
            throw ProblemException.invalid(field, "must be 1..64 characters of A-Z a-z 0-9 . _ : - (an opaque pseudonym, never contact data), "
                    + "not starting with " + CANDOR_PREFIX);
        }
        return ref;
    }

    /** A marketplace's party ref (not one of Candor's own). */
    public static boolean isPartyRef(String ref) {
        return shaped(ref, REF_MAX) && !ref.startsWith("+") && !ref.startsWith(CANDOR_PREFIX);
    }

    public static String checkTransaction(String field, String ref) {
        if (!shaped(ref, REF_MAX)) {
            throw ProblemException.invalid(field, "must be 1..64 characters of A-Z a-z 0-9 . _ : -");
        }
        return ref;
    }

    public static boolean isTransactionRef(String ref) {
        return shaped(ref, REF_MAX);
    }

    public static boolean isSubjectRef(String ref) {
        return shaped(ref, SUBJECT_REF_MAX);
    }

    /**
     * 1..max characters of {@code A-Z a-z 0-9 . _ : -} (what {@code [A-Za-z0-9._:-]{1,max}} matches), checked without
     * a regex: a storefront's batch of summaries checks up to a hundred refs per request.
     */
    static boolean shaped(String ref, int max) {
        if (ref == null || ref.isEmpty() || ref.length() > max) {
            return false;
        }
        for (int i = 0; i < ref.length(); i++) {
            char c = ref.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    public static String checkSubject(String field, String ref) {
        if (!isSubjectRef(ref)) {
            throw ProblemException.invalid(field, "must be 1..128 characters of A-Z a-z 0-9 . _ : -");
        }
        return ref;
    }
}
