package io.agentmesh.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AesKeyTest {

    private static byte[] keyBytes() {
        byte[] k = new byte[AesGcm.KEY_LENGTH];
        Arrays.fill(k, (byte) 0x5a);
        return k;
    }

    @Test
    void destroyZeroesTheOwnedBytesAndRefusesLaterUse() {
        byte[] owned = keyBytes();
        AesKey key = new AesKey(owned);
        assertArrayEquals(keyBytes(), key.getEncoded());
        assertNotSame(owned, key.getEncoded());
        assertFalse(key.isDestroyed());

        key.destroy();

        assertArrayEquals(new byte[AesGcm.KEY_LENGTH], owned);
        assertTrue(key.isDestroyed());
        assertThrows(IllegalStateException.class, key::getEncoded);
    }

    @Test
    void anAesGcmCipherUsesItAndRefusesUseAfterDestroy() throws NoiseException {
        AesGcm aead = new AesGcm();
        aead.init(keyBytes());
        byte[] text = {1, 2, 3};
        byte[] sealed = new byte[text.length + AesGcm.TAG_LENGTH];
        aead.encrypt(0, new byte[0], text, 0, text.length, sealed, 0);
        byte[] opened = new byte[text.length];
        assertEquals(3, aead.decrypt(0, new byte[0], sealed, 0, sealed.length, opened, 0));
        assertArrayEquals(text, opened);

        aead.destroy();

        NoiseException encrypt = assertThrows(NoiseException.class,
                () -> aead.encrypt(1, new byte[0], text, 0, text.length, new byte[sealed.length], 0));
        assertEquals(NoiseException.Reason.INVALID_STATE, encrypt.reason());
        NoiseException decrypt = assertThrows(NoiseException.class,
                () -> aead.decrypt(0, new byte[0], sealed, 0, sealed.length, new byte[text.length], 0));
        assertEquals(NoiseException.Reason.INVALID_STATE, decrypt.reason());
    }
}
