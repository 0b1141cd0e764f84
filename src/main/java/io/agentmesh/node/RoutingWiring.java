package io.agentmesh.node;

import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.routing.NodeInfo;
import io.agentmesh.membership.Certificate;
import io.agentmesh.membership.SignedCertificate;
import io.agentmesh.noise.CipherSuites;
import io.agentmesh.noise.DhKeyPair;
import io.agentmesh.routing.RoutingSettings;
import io.agentmesh.session.PeerPolicy;
import io.agentmesh.session.SessionException;
import io.agentmesh.session.SessionLocal;
import io.agentmesh.session.SessionSetup;
import io.agentmesh.transport.IdentityPayload;
import io.agentmesh.transport.PeerRefusedException;
import io.agentmesh.transport.TrustPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Set;

/**
 * Hands the router its parts from {@link MeshConfig}: the routing settings ({@code mesh.route.*},
 * {@code mesh.rpc.timeout}, {@code mesh.discovery.auto-dial}), what this node says of itself in
 * {@code node/get_info}, and its part in end-to-end sessions ({@code mesh.e2e.*}).
 */
@ApplicationScoped
public class RoutingWiring {

    @Inject
    MeshConfig config;

    @Inject
    Clock clock;

    @Produces
    @Singleton
    RoutingSettings routingSettings() {
        return config.routing();
    }

    /**
     * End-to-end sessions ({@code mesh.e2e.*}): a fresh X25519 key of this process with the identity
     * payload signed for it (and this node's membership certificate); the far end of a session is admitted
     * as a link's peer would be, by the trust policy (its groups are its certificate's), and sessions it
     * refuses after a change (a revocation, a block) are dropped.
     */
    @Produces
    @Singleton
    SessionSetup sessionSetup(NodeIdentity identity, SecureRandom random, TrustPolicy trust) {
        DhKeyPair key = CipherSuites.x25519AesGcmSha256().generateKeyPair(random);
        byte[] payload = IdentityPayload.create(identity, key.publicKey(), config.link().advertisedAddrs(),
                config.link().software(), trust.membership().own().map(SignedCertificate::toJson).orElse(null)).toJson();
        PeerPolicy policy = peer -> {
            try {
                Certificate certificate = trust.admit(peer, clock.instant());
                return new PeerPolicy.Admission(certificate == null ? Set.of() : Set.copyOf(certificate.groups()),
                        () -> trust.stillAdmits(peer.nodeId(), certificate, clock.instant()));
            } catch (PeerRefusedException e) {
                throw new SessionException(SessionException.FORBIDDEN, "forbidden: " + e.getMessage());
            }
        };
        return new SessionSetup(new SessionLocal(key, payload), policy, config.sessions(), trust::addChangeListener);
    }

    @Produces
    @Singleton
    NodeInfo nodeInfo(NodeIdentity identity) {
        return new NodeInfo(identity.nodeId(), identity.publicKeyBase64Url(), config.node().advertise(),
                config.link().software(), clock.instant());
    }
}
