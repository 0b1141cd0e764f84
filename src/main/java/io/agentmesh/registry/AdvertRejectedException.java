package io.agentmesh.registry;

import java.util.Objects;

/** An advert was refused for {@link #reason()} (docs/registry.md §2.3). */
public final class AdvertRejectedException extends Exception {

    private final AdvertRejection reason;
    private final String detail;

    public AdvertRejectedException(AdvertRejection reason, String detail) {
        super(reason + ": " + detail);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.detail = detail;
    }

    /** What was wrong, without the reason. */
    public String detail() {
        return detail;
    }

    public AdvertRejection reason() {
        return reason;
    }
}
