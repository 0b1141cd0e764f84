package io.agentmesh.testsupport;

import com.sun.net.httpserver.HttpServer;
import io.agentmesh.identity.Base64Url;
import io.agentmesh.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test authorization server: an RSA key ({@code kid} "rsa-1") and an EC P-256 key ({@code kid} "ec-1")
 * generated at construction, JWTs signed by hand with JDK crypto (RS256, ES256), and the key set served
 * over HTTP on loopback ({@link #start()}) at {@link #jwksUrl()}, counting the fetches.
 */
public final class TestIssuer implements AutoCloseable {

    private final KeyPair rsa;
    private final KeyPair ec;
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile boolean failing;
    private HttpServer server;

    public TestIssuer() {
        try {
            KeyPairGenerator r = KeyPairGenerator.getInstance("RSA");
            r.initialize(2048);
            rsa = r.generateKeyPair();
            KeyPairGenerator e = KeyPairGenerator.getInstance("EC");
            e.initialize(new ECGenParameterSpec("secp256r1"));
            ec = e.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Serves the key set at {@code http://127.0.0.1:<port>/jwks}. */
    public TestIssuer start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/jwks", exchange -> {
            fetches.incrementAndGet();
            if (failing) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            byte[] body = jwks().toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return this;
    }

    public URI jwksUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
    }

    /** Makes the key set answer 503 (true) or itself again (false). */
    public void failing(boolean value) {
        failing = value;
    }

    /** How many times the key set was fetched. */
    public int fetches() {
        return fetches.get();
    }

    /** The public key set: both keys. */
    public JsonObject jwks() {
        RSAPublicKey r = (RSAPublicKey) rsa.getPublic();
        ECPublicKey e = (ECPublicKey) ec.getPublic();
        return Json.createObjectBuilder().add("keys", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("kty", "RSA").add("kid", "rsa-1").add("use", "sig").add("alg", "RS256")
                        .add("n", unsigned(r.getModulus(), 0)).add("e", unsigned(r.getPublicExponent(), 0)))
                .add(Json.createObjectBuilder().add("kty", "EC").add("kid", "ec-1").add("crv", "P-256")
                        .add("x", unsigned(e.getW().getAffineX(), 32)).add("y", unsigned(e.getW().getAffineY(), 32))))
                .build();
    }

    /** A token with these claims, RS256 with the RSA key. */
    public String rs256(JsonObject claims) {
        return sign("RS256", "rsa-1", claims, rsa.getPrivate());
    }

    /** A token with these claims, ES256 with the EC key. */
    public String es256(JsonObject claims) {
        return sign("ES256", "ec-1", claims, ec.getPrivate());
    }

    /** A token signed by a key the key set does not hold, though it names the RSA key's id. */
    public static String foreignRs256(JsonObject claims) {
        return new TestIssuer().rs256(claims);
    }

    private static String sign(String alg, String kid, JsonObject claims, PrivateKey key) {
        String header = Json.createObjectBuilder().add("alg", alg).add("typ", "at+jwt").add("kid", kid).build().toString();
        String input = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Signature s = Signature.getInstance(alg.equals("RS256") ? "SHA256withRSA" : "SHA256withECDSAinP1363Format");
            s.initSign(key);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64Url.encode(bytes);
    }

    /** A big-endian unsigned integer, left-padded to {@code length} bytes when given. */
    private static String unsigned(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        if (length > bytes.length) {
            byte[] padded = new byte[length];
            System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
            bytes = padded;
        }
        return b64(bytes);
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
    }
}
