package io.agentmesh.admin.console;

import java.util.List;

/**
 * The trust policy (wire-v1 §3: peers it refuses are closed with 4003) as the admin API shows it.
 *
 * @param mode    {@code open} (every peer but the blocked), {@code allowlist} (only the allowed) or
 *                {@code certified} (members but the blocked)
 * @param allowed node ids allowed, sorted
 * @param blocked node ids blocked, sorted
 */
public record TrustView(String mode, List<String> allowed, List<String> blocked) {

    public TrustView {
        allowed = List.copyOf(allowed);
        blocked = List.copyOf(blocked);
    }
}
