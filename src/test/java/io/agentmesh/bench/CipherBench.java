package io.agentmesh.bench;

import io.agentmesh.noise.CipherState;
import io.agentmesh.noise.CipherSuite;
import io.agentmesh.noise.NoiseException;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * AES-256-GCM encrypt + decrypt of one message: raw SunJCE against {@link CipherState} (wire-v1 §4).
 * Sizes: 1 KiB and 65519 bytes, the largest transport plaintext (65535 with the tag). Throughput in
 * operations per second; MB/s = ops/s × size / 10^6.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CipherBench {

    @Param({"1024", "65519"})
    public int size;

    private byte[] plaintext;
    private byte[] ciphertext;
    private byte[] opened;
    private final byte[] iv = new byte[12];
    private long counter;
    private Cipher encryptor;
    private Cipher decryptor;
    private SecretKeySpec key;
    private CipherState sender;
    private CipherState receiver;

    @Setup
    public void setUp() throws GeneralSecurityException {
        plaintext = new byte[size];
        ciphertext = new byte[size + 16];
        opened = new byte[size];
        byte[] keyBytes = new byte[32];
        for (int i = 0; i < keyBytes.length; i++) {
            keyBytes[i] = (byte) (i * 7);
        }
        key = new SecretKeySpec(keyBytes, "AES");
        encryptor = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
        decryptor = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
        sender = new CipherState(CipherSuite.X25519_AESGCM_SHA256);
        sender.initializeKey(keyBytes);
        receiver = new CipherState(CipherSuite.X25519_AESGCM_SHA256);
        receiver.initializeKey(keyBytes);
    }

    /** Raw SunJCE: init + doFinal to encrypt, init + doFinal to decrypt, a fresh nonce each time. */
    @Benchmark
    public int rawSunJce() throws GeneralSecurityException {
        long n = counter++;
        for (int i = 0; i < 8; i++) {
            iv[11 - i] = (byte) (n >>> (8 * i));
        }
        encryptor.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
        int length = encryptor.doFinal(plaintext, 0, size, ciphertext, 0);
        decryptor.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
        return decryptor.doFinal(ciphertext, 0, length, opened, 0);
    }

    /** Through two CipherStates, as a link does: encryptWithAd then decryptWithAd. */
    @Benchmark
    public int cipherState() throws NoiseException {
        int length = sender.encryptWithAd(null, plaintext, 0, size, ciphertext, 0);
        return receiver.decryptWithAd(null, ciphertext, 0, length, opened, 0);
    }
}
