package io.agentmesh.membership;

import io.agentmesh.identity.NodeIdentity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Fixed keys and certificates of the membership tests and of the worked example in docs/protocol.md. */
final class MembershipFixtures {

    /** The worked example's authority: seed 0x00 0x01 … 0x1f. */
    static final NodeIdentity AUTHORITY = NodeIdentity.fromPrivateKey(seed(0));
    /** The worked example's node: seed 0x20 0x21 … 0x3f. */
    static final NodeIdentity NODE = NodeIdentity.fromPrivateKey(seed(0x20));
    /** An authority the verifier does not know: seed 0x40 … 0x5f. */
    static final NodeIdentity FOREIGN = NodeIdentity.fromPrivateKey(seed(0x40));
    /** Another node: seed 0x60 … 0x7f. */
    static final NodeIdentity OTHER_NODE = NodeIdentity.fromPrivateKey(seed(0x60));

    static final String SERIAL = "000102030405060708090a0b0c0d0e0f";
    /** 2026-01-01T00:00:00Z. */
    static final long NOT_BEFORE = 1_767_225_600L;
    /** 2027-01-01T00:00:00Z. */
    static final long NOT_AFTER = 1_798_761_600L;

    private MembershipFixtures() {
    }

    static byte[] seed(int first) {
        byte[] seed = new byte[32];
        for (int i = 0; i < 32; i++) {
            seed[i] = (byte) (first + i);
        }
        return seed;
    }

    /** The worked example's certificate: NODE in edge and tools for 2026, serial SERIAL, issued by AUTHORITY. */
    static Certificate certificate() {
        return certificate(AUTHORITY, NODE, NOT_BEFORE, NOT_AFTER);
    }

    static Certificate certificate(NodeIdentity authority, NodeIdentity node, long notBefore, long notAfter) {
        return new Certificate(SERIAL, node.publicKey(), List.of("edge", "tools"), notBefore, notAfter,
                authority.publicKey());
    }

    /** A verifier that knows AUTHORITY (revocations kept in {@code dir}), with a 60 s skew. */
    static MembershipVerifier verifier(Path dir) {
        return new MembershipVerifier(Revocations.load(List.of(AUTHORITY.publicKey()), dir.resolve("revocations.json")),
                Duration.ofSeconds(60));
    }
}
