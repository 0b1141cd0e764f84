package io.agentmesh.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.Base64Url;
import io.agentmesh.identity.IdentityStore;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.json.Json;
import io.agentmesh.testsupport.FixedRandom;
import io.agentmesh.testsupport.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The authority tool on real directories: what it writes verifies as the nodes will verify it. */
class AuthorityToolTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path temp;

    private final ManualClock clock = new ManualClock(NOW);
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final AuthorityTool tool = new AuthorityTool(new PrintStream(printed, true, StandardCharsets.UTF_8), clock,
            new FixedRandom(5));

    private List<String> run(String... args) {
        printed.reset();
        tool.run(args);
        return printed.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private byte[] init() {
        List<String> lines = run("init", temp.resolve("authority").toString());
        return Base64Url.decode(lines.get(lines.size() - 1));
    }

    private MembershipVerifier verifier(byte[] authority) {
        return new MembershipVerifier(Revocations.load(List.of(authority), temp.resolve("node-revocations.json")),
                Duration.ofMinutes(5));
    }

    private static jakarta.json.JsonObject read(Path file) throws Exception {
        return Json.readStrictObject(Files.readAllBytes(file));
    }

    @Test
    void initPrintsThePublicKeyLastAndKeepsTheKeyOwnerOnly() throws Exception {
        byte[] key = init();
        Path dir = temp.resolve("authority");
        assertEquals(Base64Url.encode(key) + "\n", Files.readString(dir.resolve(AuthorityTool.PUBLIC_FILE)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("identity.key"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        IllegalStateException again = assertThrows(IllegalStateException.class, () -> run("init", dir.toString()));
        assertTrue(again.getMessage().contains("already holds an authority"));
    }

    @Test
    void provisionMakesADataDirWhoseCertificateIsValidForItsIdentity() throws Exception {
        byte[] authority = init();
        Path data = temp.resolve("node-1");
        run("provision", temp.resolve("authority").toString(), "--groups", "edge,tools", "--days", "30", "--out", data.toString());
        NodeIdentity node = new IdentityStore(data).loadOrCreate(new FixedRandom(9));
        MembershipVerifier.Verdict verdict = verifier(authority).verify(node.publicKey(), read(data.resolve("membership.cert")),
                NOW.plus(Duration.ofDays(29)));
        assertTrue(verdict.valid(), verdict.detail());
        assertEquals(Set.of("edge", "tools"), verdict.groups());
        assertEquals(NOW.plus(Duration.ofDays(30)).getEpochSecond(), verdict.certificate().orElseThrow().notAfter());
        assertThrows(IllegalStateException.class, () -> run("provision", temp.resolve("authority").toString(), "--groups", "a",
                "--days", "1", "--out", data.toString()));
    }

    @Test
    void issueForAKeyFileOrAPublicKey() throws Exception {
        byte[] authority = init();
        NodeIdentity node = new IdentityStore(temp.resolve("existing")).loadOrCreate(new FixedRandom(11));
        Path fromFile = temp.resolve("a.cert");
        Path fromKey = temp.resolve("b.cert");
        run("issue", temp.resolve("authority").toString(), "--identity", temp.resolve("existing/identity.key").toString(),
                "--groups", "tools", "--days", "1", "--out", fromFile.toString());
        run("issue", temp.resolve("authority").toString(), "--identity", node.publicKeyBase64Url(), "--groups", "",
                "--days", "1", "--out", fromKey.toString());
        assertTrue(verifier(authority).verify(node.publicKey(), read(fromFile), NOW).valid());
        assertEquals(Set.of(), verifier(authority).verify(node.publicKey(), read(fromKey), NOW).groups());
    }

    @Test
    void revokeWritesTheNextListWithEverySerialSoFar() throws Exception {
        byte[] authority = init();
        String dir = temp.resolve("authority").toString();
        List<String> issued = run("provision", dir, "--groups", "edge", "--days", "30", "--out", temp.resolve("n").toString());
        String serial = issued.get(1).substring("serial ".length());
        run("revoke", dir, "--serial", serial);
        List<String> second = run("revoke", dir, "--serial", "00000000000000000000000000000001");
        assertTrue(second.get(0).startsWith("revocation list seq 2 (2 serials): "), second.get(0));
        Path list = temp.resolve("authority").resolve(AuthorityTool.REVOCATIONS_FILE);
        MembershipVerifier verifier = verifier(authority);
        assertEquals(Revocations.Outcome.ACCEPTED, verifier.revocations().offer(read(list)));
        NodeIdentity node = new IdentityStore(temp.resolve("n")).loadOrCreate(new FixedRandom(9));
        assertEquals(Refusal.REVOKED, verifier.verify(node.publicKey(), read(temp.resolve("n/membership.cert")), NOW).refusal());
    }

    @Test
    void badCommandLines() {
        init();
        String dir = temp.resolve("authority").toString();
        assertThrows(IllegalArgumentException.class, () -> run("init"));
        assertThrows(IllegalArgumentException.class, () -> run("sign", dir));
        assertThrows(IllegalArgumentException.class, () -> run("issue", dir, "--identity", "nope", "--groups", "a", "--days",
                "1", "--out", temp.resolve("x").toString()));
        assertThrows(IllegalArgumentException.class, () -> run("provision", dir, "--groups", "Bad Group", "--days", "1",
                "--out", temp.resolve("y").toString()));
        assertThrows(IllegalArgumentException.class, () -> run("provision", dir, "--groups", "a", "--days", "0",
                "--out", temp.resolve("y").toString()));
        assertThrows(IllegalArgumentException.class, () -> run("revoke", dir, "--serial", "xyz"));
        assertThrows(IllegalStateException.class, () -> run("revoke", temp.resolve("none").toString(), "--serial",
                "00000000000000000000000000000001"));
    }
}
