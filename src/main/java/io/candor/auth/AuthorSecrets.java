package io.candor.auth;

import java.util.Optional;

/**
 * The author secret of an anonymous review ({@code cna_<tenant>.<secret>}) stands for the review's pseudonymous
 * author; the anonymous-review feature, which keeps the secrets' hashes, answers whose it is.
 */
public interface AuthorSecrets {

    /** The party ref of the pseudonym the secret stands for, if it is one. */
    Optional<String> authorOf(long tenantId, byte[] secret);
}
