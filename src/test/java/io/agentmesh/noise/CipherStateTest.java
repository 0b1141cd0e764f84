package io.agentmesh.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class CipherStateTest {

    private static final CipherSuite SUITE = CipherSuite.X25519_AESGCM_SHA256;
    private static final byte[] KEY = new byte[32];

    static {
        for (int i = 0; i < KEY.length; i++) {
            KEY[i] = (byte) i;
        }
    }

    private static CipherState keyed() {
        CipherState state = new CipherState(SUITE);
        state.initializeKey(KEY);
        return state;
    }

    @Test
    void withoutAKeyTextPassesThrough() throws NoiseException {
        CipherState state = new CipherState(SUITE);
        assertFalse(state.hasKey());
        byte[] text = "hello".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(text, state.encryptWithAd(new byte[0], text));
        assertArrayEquals(text, state.decryptWithAd(new byte[0], text));
        assertEquals(0, state.nonce());
    }

    @Test
    void encryptsAsAesGcmWithTheNoiseNonce() throws Exception {
        CipherState state = keyed();
        state.setNonce(0x0102030405060708L);
        byte[] ad = {9, 9};
        byte[] plaintext = "payload".getBytes(StandardCharsets.US_ASCII);
        byte[] ciphertext = state.encryptWithAd(ad, plaintext);
        assertEquals(0x0102030405060709L, state.nonce());

        Cipher reference = Cipher.getInstance("AES/GCM/NoPadding");
        reference.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "AES"),
                new GCMParameterSpec(128, new byte[] {0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8}));
        reference.updateAAD(ad);
        assertArrayEquals(reference.doFinal(plaintext), ciphertext);
        assertEquals(plaintext.length + 16, ciphertext.length);
    }

    @Test
    void roundTripsAndAdvancesTheNonce() throws NoiseException {
        CipherState sender = keyed();
        CipherState receiver = keyed();
        for (int i = 0; i < 5; i++) {
            byte[] message = ("message " + i).getBytes(StandardCharsets.US_ASCII);
            assertArrayEquals(message, receiver.decryptWithAd(null, sender.encryptWithAd(null, message)));
        }
        assertEquals(5, sender.nonce());
        assertEquals(5, receiver.nonce());
    }

    @Test
    void offsetVariantsMatchTheArrayVariants() throws NoiseException {
        byte[] plaintext = new byte[1000];
        Arrays.fill(plaintext, (byte) 7);
        byte[] expected = keyed().encryptWithAd(new byte[0], plaintext);

        byte[] in = new byte[1010];
        System.arraycopy(plaintext, 0, in, 5, plaintext.length);
        byte[] out = new byte[1100];
        int written = keyed().encryptWithAd(new byte[0], in, 5, plaintext.length, out, 20);
        assertEquals(1016, written);
        assertArrayEquals(expected, Arrays.copyOfRange(out, 20, 20 + written));

        byte[] opened = new byte[1003];
        int length = keyed().decryptWithAd(new byte[0], out, 20, written, opened, 3);
        assertEquals(1000, length);
        assertArrayEquals(plaintext, Arrays.copyOfRange(opened, 3, 1003));
    }

    @Test
    void failedDecryptionDoesNotAdvanceTheNonce() throws NoiseException {
        CipherState sender = keyed();
        CipherState receiver = keyed();
        byte[] first = sender.encryptWithAd(null, new byte[] {1});
        byte[] tampered = first.clone();
        tampered[0] ^= 1;
        NoiseException e = assertThrows(NoiseException.class, () -> receiver.decryptWithAd(null, tampered));
        assertEquals(NoiseException.Reason.DECRYPT_FAILED, e.reason());
        assertEquals(0, receiver.nonce());
        assertArrayEquals(new byte[] {1}, receiver.decryptWithAd(null, first));
        // replay: the nonce moved on, the same ciphertext no longer decrypts
        assertEquals(NoiseException.Reason.DECRYPT_FAILED,
                assertThrows(NoiseException.class, () -> receiver.decryptWithAd(null, first)).reason());
        assertEquals(1, receiver.nonce());
        // too short to hold a tag
        assertEquals(NoiseException.Reason.DECRYPT_FAILED,
                assertThrows(NoiseException.class, () -> receiver.decryptWithAd(null, new byte[15])).reason());
    }

    @Test
    void wrongAssociatedDataFails() throws NoiseException {
        byte[] ciphertext = keyed().encryptWithAd(new byte[] {1}, new byte[] {2});
        assertEquals(NoiseException.Reason.DECRYPT_FAILED,
                assertThrows(NoiseException.class, () -> keyed().decryptWithAd(new byte[] {3}, ciphertext)).reason());
    }

    @Test
    void nonceExhaustion() throws NoiseException {
        CipherState sender = keyed();
        CipherState receiver = keyed();
        sender.setNonce(-2L); // 2^64 - 2: the last usable nonce
        receiver.setNonce(-2L);
        byte[] last = sender.encryptWithAd(null, new byte[] {1});
        assertArrayEquals(new byte[] {1}, receiver.decryptWithAd(null, last));
        assertEquals("18446744073709551615", Long.toUnsignedString(sender.nonce()));
        assertEquals(NoiseException.Reason.NONCE_EXHAUSTED,
                assertThrows(NoiseException.class, () -> sender.encryptWithAd(null, new byte[] {1})).reason());
        assertEquals(NoiseException.Reason.NONCE_EXHAUSTED,
                assertThrows(NoiseException.class, () -> receiver.decryptWithAd(null, last)).reason());
        assertEquals(-1L, sender.nonce());
    }

    @Test
    void messagesOver65535BytesAreRefused() throws NoiseException {
        CipherState state = keyed();
        assertEquals(65535, state.encryptWithAd(null, new byte[65519]).length);
        assertEquals(NoiseException.Reason.MESSAGE_TOO_LONG,
                assertThrows(NoiseException.class, () -> state.encryptWithAd(null, new byte[65520])).reason());
        assertEquals(NoiseException.Reason.MESSAGE_TOO_LONG,
                assertThrows(NoiseException.class, () -> state.decryptWithAd(null, new byte[65536])).reason());
        assertEquals(1, state.nonce());
    }

    @Test
    void rekeyFollowsTheSpec() throws Exception {
        CipherState a = keyed();
        CipherState b = keyed();
        a.setNonce(7);
        a.rekey();
        b.rekey();
        assertEquals(7, a.nonce());
        b.setNonce(7);

        Cipher reference = Cipher.getInstance("AES/GCM/NoPadding");
        byte[] maxNonce = {0, 0, 0, 0, -1, -1, -1, -1, -1, -1, -1, -1};
        reference.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "AES"), new GCMParameterSpec(128, maxNonce));
        byte[] newKey = Arrays.copyOf(reference.doFinal(new byte[32]), 32);
        CipherState expected = new CipherState(SUITE);
        expected.initializeKey(newKey);
        expected.setNonce(7);

        byte[] ciphertext = a.encryptWithAd(null, new byte[] {42});
        assertArrayEquals(expected.encryptWithAd(null, new byte[] {42}), ciphertext);
        assertArrayEquals(new byte[] {42}, b.decryptWithAd(null, ciphertext));
        assertThrows(NoiseException.class, () -> new CipherState(SUITE).rekey());
    }

    @Test
    void destroyedStateRefusesWork() {
        CipherState state = keyed();
        state.destroy();
        assertFalse(state.hasKey());
        assertEquals(NoiseException.Reason.INVALID_STATE,
                assertThrows(NoiseException.class, () -> state.encryptWithAd(null, new byte[1])).reason());
        assertEquals(NoiseException.Reason.INVALID_STATE,
                assertThrows(NoiseException.class, () -> state.decryptWithAd(null, new byte[17])).reason());
        assertThrows(IllegalStateException.class, () -> state.initializeKey(KEY));
        assertTrue(state.toString().contains("destroyed"));
    }
}
