package io.candor.party;

import java.util.UUID;

/** A party as the services use it: internal id, the marketplace's ref (never shown to others) and the public handle. */
public record PartyRef(UUID id, String ref, String handle) {

    @Override
    public String toString() {
        return "PartyRef[" + id + ", " + handle + "]";
    }
}
