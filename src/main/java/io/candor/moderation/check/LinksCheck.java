package io.candor.moderation.check;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/** Links to hosts outside the tenant's {@code allowedLinkDomains} ({@value LinkDetector#CHECK_CODE}) hold the text. */
@ApplicationScoped
public class LinksCheck implements AutomatedCheck {

    static final double WEIGHT = 3.0;
    private static final int HOSTS_SHOWN = 5;

    @Override
    public String code() {
        return LinkDetector.CHECK_CODE;
    }

    @Override
    public Optional<Finding> examine(CheckInput input) {
        List<String> external = LinkDetector.externalHosts(input.text(), input.tenant().policy().allowedLinkDomains());
        if (external.isEmpty()) {
            return Optional.empty();
        }
        String hosts = String.join(", ", external.subList(0, Math.min(HOSTS_SHOWN, external.size())))
                + (external.size() > HOSTS_SHOWN ? " and " + (external.size() - HOSTS_SHOWN) + " more" : "");
        return Optional.of(Finding.hold(code(), WEIGHT, "links to " + hosts));
    }
}
