package io.candor.invitation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Review invitation settings (the policy of each marketplace decides whether and when they are sent). */
@ConfigMapping(prefix = "candor.invitations")
public interface InvitationConfig {

    /** How often due invitations and reminders are sent ({@code CANDOR_INVITATIONS_INTERVAL}). */
    @WithDefault("1m")
    Duration interval();
}
