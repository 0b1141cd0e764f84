package io.agentmesh.registry;

import java.util.Objects;

/** An advert was refused for {@link #reason()} (docs/registry.md §2.3). */
public final class AdvertRejectedException extends Exception {

    private final AdvertRejection reason;

    public AdvertRejectedException(AdvertRejection reason, String message) {
        super(reason + ": " + message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public AdvertRejection reason() {
        return reason;
    }
}
