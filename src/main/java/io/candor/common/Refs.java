package io.candor.common;

import java.util.regex.Pattern;

/** The shape rules for the marketplace's own references: parties, transactions, products. */
public final class Refs {

    private static final Pattern REF = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern SUBJECT_REF = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

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
        return ref != null && REF.matcher(ref).matches() && !ref.startsWith("+") && !ref.startsWith(CANDOR_PREFIX);
    }

    public static String checkTransaction(String field, String ref) {
        if (ref == null || !REF.matcher(ref).matches()) {
            throw ProblemException.invalid(field, "must be 1..64 characters of A-Z a-z 0-9 . _ : -");
        }
        return ref;
    }

    public static boolean isTransactionRef(String ref) {
        return ref != null && REF.matcher(ref).matches();
    }

    public static boolean isSubjectRef(String ref) {
        return ref != null && SUBJECT_REF.matcher(ref).matches();
    }

    public static String checkSubject(String field, String ref) {
        if (!isSubjectRef(ref)) {
            throw ProblemException.invalid(field, "must be 1..128 characters of A-Z a-z 0-9 . _ : -");
        }
        return ref;
    }
}
