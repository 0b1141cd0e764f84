package io.agentmesh.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.LibertyNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A node starts on Liberty, keeps its identity across restarts, and refuses to start on a corrupt key. */
class NodeStartIT {

    private static final int PORT = Integer.getInteger("mesh.it.http.port", 9080);
    private static final Path SERVER_DIR = Path.of(System.getProperty("mesh.it.server.dir",
            "target/liberty/wlp/usr/servers/defaultServer"));

    @Test
    void theBuildsNodeIsReadyAndLogsItsId() throws Exception {
        HttpResponse<String> ready = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ready.statusCode(), ready.body());
        String nodeId = Files.readString(SERVER_DIR.resolve("mesh-data/node.id")).trim();
        assertTrue(nodeId.matches("[0-9a-f]{40}"), nodeId);
        assertTrue(ready.body().contains(nodeId), ready.body());
        String log = Files.readString(SERVER_DIR.resolve("logs/messages.log"));
        assertTrue(log.contains("agentmesh node " + nodeId + " ready: mesh address ws://127.0.0.1:" + PORT + "/mesh"), log);
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(SERVER_DIR.resolve("mesh-data/identity.key"))));
    }

    @Test
    void aRestartedNodeKeepsItsIdAndACorruptKeyStopsStartUp() throws Exception {
        LibertyNode node = LibertyNode.create("it-identity", LibertyNode.basePort(), Map.of());
        try {
            node.start();
            String first = node.nodeId();
            node.stop();
            node.start();
            assertEquals(first, node.nodeId(), "the node id survives a restart");
            node.stop();

            Path keyFile = node.serverDir().resolve("mesh-data/identity.key");
            byte[] corrupt = "agentmesh-identity-v1\nnot-base64!\n".getBytes(StandardCharsets.US_ASCII);
            Files.write(keyFile, corrupt);
            Files.delete(node.serverDir().resolve("logs/messages.log"));
            node.startNoWait();
            assertTrue(node.awaitLog("agentmesh node failed to start", Duration.ofSeconds(60)), node.messagesLog());
            assertTrue(node.messagesLog().contains(keyFile.toString()), "the error names the key file");
            assertNotEquals(200, node.httpStatus("/health/ready"));
            assertArrayEquals(corrupt, Files.readAllBytes(keyFile), "a corrupt key file is never replaced");
        } finally {
            node.stop();
        }
    }
}
