package io.candor.anonymous;

import io.candor.auth.AuthorSecrets;
import io.candor.party.PartyRef;
import io.candor.party.PartyService;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/** {@link AuthorSecrets} from author_credential, which holds SHA-256 of each secret only. */
@ApplicationScoped
public class AuthorCredentials implements AuthorSecrets {

    private final AnonymousRepository repository;
    private final PartyService parties;

    public AuthorCredentials(AnonymousRepository repository, PartyService parties) {
        this.repository = repository;
        this.parties = parties;
    }

    @Override
    public Optional<String> authorOf(long tenantId, byte[] secret) {
        return repository.partyOfCredential(tenantId, AnonymousKeys.sha256(secret)).flatMap(party -> parties.byId(tenantId, party)).map(PartyRef::ref);
    }
}
