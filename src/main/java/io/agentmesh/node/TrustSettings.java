package io.agentmesh.node;

import io.agentmesh.identity.NodeId;
import io.agentmesh.transport.TrustPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Whom the node admits ({@code mesh.trust.*}): the mode, whether it was set explicitly (a node that
 * listens beyond loopback refuses to start in open mode unless it was), the allow list, the membership
 * authorities and the clock skew allowed on certificates.
 *
 * @param mode        {@code mesh.trust.mode}
 * @param modeSet     whether {@code mesh.trust.mode} was set rather than defaulted
 * @param allow       {@code mesh.trust.allow}
 * @param authorities {@code mesh.trust.authorities}: raw 32-byte Ed25519 public keys
 * @param clockSkew   {@code mesh.trust.clock-skew}
 */
public record TrustSettings(TrustPolicy.Mode mode, boolean modeSet, List<NodeId> allow, List<byte[]> authorities,
                            Duration clockSkew) {

    /** The default of {@code mesh.trust.clock-skew}. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(5);

    public TrustSettings {
        Objects.requireNonNull(mode, "mode");
        allow = List.copyOf(allow);
        authorities = authorities.stream().map(byte[]::clone).toList();
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (mode == TrustPolicy.Mode.CERTIFIED && authorities.isEmpty()) {
            throw new IllegalArgumentException("trust mode certified needs mesh.trust.authorities");
        }
    }
}
