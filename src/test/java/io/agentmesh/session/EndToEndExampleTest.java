package io.agentmesh.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agentmesh.identity.Base64Url;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.noise.DhKeyPair;
import io.agentmesh.transport.IdentityPayload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.junit.jupiter.api.Test;

/**
 * Replays the worked example of docs/protocol.md ("End-to-end sessions") byte for byte: the values are
 * read from that page, so the page and the code cannot part.
 */
class EndToEndExampleTest {

    private static final Instant NOW = Instant.EPOCH;

    /** The bytes {@code start}, {@code start + 1}, … ({@code length} of them). */
    private static byte[] run(int start, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (start + i);
        }
        return bytes;
    }

    private static DhKeyPair x25519(byte[] privateKey) {
        byte[] publicKey = new byte[32];
        X25519.generatePublicKey(privateKey, 0, publicKey, 0);
        return new DhKeyPair(privateKey, publicKey);
    }

    private static Map<String, String> example() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("docs/protocol.md"));
        int start = lines.indexOf("<!-- e2e-example -->") + 2;
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = start; !lines.get(i).equals("```"); i++) {
            String line = lines.get(i);
            values.put(line.substring(0, line.indexOf(": ")), line.substring(line.indexOf(": ") + 2));
        }
        return values;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void theWorkedExampleReplaysByteForByte() throws Exception {
        Map<String, String> doc = example();
        NodeIdentity a = NodeIdentity.fromPrivateKey(run(0x00, 32));
        NodeIdentity c = NodeIdentity.fromPrivateKey(run(0x20, 32));
        DhKeyPair aStatic = x25519(run(0x40, 32));
        DhKeyPair cStatic = x25519(run(0x80, 32));
        byte[] sid = run(0xc0, 16);
        SessionLocal aLocal = new SessionLocal(aStatic,
                IdentityPayload.create(a, aStatic.publicKey(), List.of(), "agentmesh-java/0.1.0").toJson());
        SessionLocal cLocal = new SessionLocal(cStatic, IdentityPayload.create(c, cStatic.publicKey(),
                List.of("ws://127.0.0.1:9103/mesh"), "agentmesh-java/0.1.0").toJson());
        assertEquals(doc.get("origin node id"), a.nodeId().value());
        assertEquals(doc.get("destination node id"), c.nodeId().value());
        assertEquals(doc.get("origin identity payload"), text(aLocal.identityPayload()));
        assertEquals(doc.get("destination identity payload"), text(cLocal.identityPayload()));
        assertEquals(doc.get("sid"), Base64Url.encode(sid));

        PeerPolicy anyone = peer -> PeerPolicy.Admission.always(Set.of());
        SessionHandshake origin = SessionHandshake.initiator(sid, c.nodeId(), aLocal, anyone, x25519(run(0x60, 32)), null);
        SessionHandshake destination = SessionHandshake.responder(sid, cLocal, anyone, x25519(run(0xa0, 32)), null);
        byte[] first = origin.first();
        assertEquals(doc.get("session_open msg"), Base64Url.encode(first));
        byte[] second = destination.second(Base64Url.decode(doc.get("session_open msg")));
        assertEquals(doc.get("session_open result msg"), Base64Url.encode(second));
        byte[] third = origin.third(Base64Url.decode(doc.get("session_open result msg")));
        assertEquals(doc.get("session_finish msg"), Base64Url.encode(third));
        destination.finish(Base64Url.decode(doc.get("session_finish msg")));
        Session atA = origin.established(NOW);
        Session atC = destination.established(NOW);

        byte[] request = doc.get("request plaintext").getBytes(StandardCharsets.UTF_8);
        Session.Sealed sealed = atA.sealRequest(request, NOW);
        assertEquals(Long.parseLong(doc.get("request n")), sealed.n());
        assertEquals(doc.get("request box"), Base64Url.encode(sealed.box()));
        assertEquals(doc.get("request plaintext"), text(atC.openRequest(sealed.n(),
                Base64Url.decode(doc.get("request box")), NOW)));

        byte[] response = doc.get("response plaintext").getBytes(StandardCharsets.UTF_8);
        Session.Sealed answer = atC.sealResponse(sealed.n(), response, NOW);
        assertEquals(Long.parseLong(doc.get("response n")), answer.n());
        assertEquals(doc.get("response box"), Base64Url.encode(answer.box()));
        assertEquals(doc.get("response plaintext"), text(atA.openResponse(sealed.n(), answer.n(),
                Base64Url.decode(doc.get("response box")), NOW)));
    }
}
