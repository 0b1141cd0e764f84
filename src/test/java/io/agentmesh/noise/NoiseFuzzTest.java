package io.agentmesh.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.agentmesh.testsupport.FixedRandom;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target for reading Noise XX handshake messages (Noise rev 34 §5.3): one of the three messages of a
 * real handshake is replaced, or truncated and XORed with the fuzzer's bytes. Reading returns the payload
 * or throws a {@link NoiseException}, after which the handshake is FAILED and stays so; message 2 or 3
 * changed in any way never reads; a changed message 1 may only make the answer fail on a low-order key. Inputs replayed by every test run are under
 * {@code src/test/resources/io/agentmesh/noise/NoiseFuzzTestInputs/}; docs/benchmarks.md ("Fuzzing").
 */
@Timeout(10)
class NoiseFuzzTest {

    private static final CipherSuite SUITE = CipherSuites.x25519AesGcmSha256();
    private static final byte[] PROLOGUE = "agentmesh/1".getBytes(StandardCharsets.US_ASCII);

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void readMessage(FuzzedDataProvider data) throws NoiseException {
        FixedRandom random = new FixedRandom(5);
        HandshakeState writer = HandshakeState.initialize(SUITE, HandshakePattern.XX, true, PROLOGUE,
                SUITE.generateKeyPair(random), null, null, null, random);
        HandshakeState reader = HandshakeState.initialize(SUITE, HandshakePattern.XX, false, PROLOGUE,
                SUITE.generateKeyPair(random), null, null, null, random);
        int altered = data.consumeInt(0, 2);
        boolean replace = data.consumeBoolean();
        for (int i = 0; i <= altered; i++) {
            byte[] payload = data.consumeBytes(data.consumeInt(0, 64));
            byte[] original;
            try {
                original = writer.writeMessage(payload);
            } catch (NoiseException e) {
                // a changed message 1 may carry a low-order key: the answer cannot be written
                assertEquals(NoiseException.Reason.LOW_ORDER, e.reason(), e.getMessage());
                assertTrue(writer.isFailed());
                return;
            }
            byte[] message = i < altered ? original : alter(original, replace, data);
            byte[] read;
            try {
                read = reader.readMessage(message);
            } catch (NoiseException e) {
                HandshakeState failed = reader;
                assertTrue(failed.isFailed(), "a handshake that threw is FAILED");
                assertEquals(NoiseException.Reason.INVALID_STATE,
                        assertThrows(NoiseException.class, () -> failed.readMessage(original)).reason());
                return;
            }
            if (i > 0) {
                assertArrayEquals(original, message, "message " + (i + 1) + " changed, and read");
                assertArrayEquals(payload, read);
            }
            HandshakeState next = reader;
            reader = writer;
            writer = next;
        }
    }

    private static byte[] alter(byte[] original, boolean replace, FuzzedDataProvider data) {
        if (replace) {
            return data.consumeRemainingAsBytes();
        }
        byte[] message = Arrays.copyOf(original, data.consumeInt(0, original.length));
        byte[] mask = data.consumeRemainingAsBytes();
        for (int i = 0; i < message.length && i < mask.length; i++) {
            message[i] ^= mask[i];
        }
        return message;
    }
}
