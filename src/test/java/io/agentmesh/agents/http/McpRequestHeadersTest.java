package io.agentmesh.agents.http;

import static io.agentmesh.testsupport.Json2.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.routing.JsonRpc;
import jakarta.json.Json;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The request metadata headers of MCP 2026-07-28 Streamable HTTP against the body, rule by rule. */
class McpRequestHeadersTest {

    private static final String META = "'_meta':{'io.modelcontextprotocol/protocolVersion':'2026-07-28',"
            + "'io.modelcontextprotocol/clientCapabilities':{}}";

    private static JsonRpc.Request request(String method, String members) {
        return new JsonRpc.Request(Json.createValue(7), method, obj("{" + META + members + "}"));
    }

    /** Headers from name/value pairs, looked up case-insensitively as an exchange does. */
    private static Optional<JsonRpc.Error> check(JsonRpc.Request request, String... pairs) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < pairs.length; i += 2) {
            headers.put(pairs[i], pairs[i + 1]);
        }
        return McpRequestHeaders.check(name -> Optional.ofNullable(headers.get(name)), request);
    }

    private static int code(Optional<JsonRpc.Error> error) {
        return error.orElseThrow(() -> new AssertionError("accepted")).code();
    }

    @Test
    void aToolCallWithEveryHeaderMatchingIsAccepted() {
        assertTrue(check(request("tools/call", ",'name':'echo'"), "mcp-protocol-version", "2026-07-28",
                "MCP-METHOD", "tools/call", "Mcp-Name", "echo").isEmpty());
        assertTrue(check(request("tools/list", ""), "MCP-Protocol-Version", "2026-07-28",
                "Mcp-Method", "tools/list").isEmpty(), "no Mcp-Name for a list");
        assertTrue(check(request("resources/read", ",'uri':'file:///a b.txt'"), "MCP-Protocol-Version", "2026-07-28",
                "Mcp-Method", "resources/read", "Mcp-Name", "file:///a b.txt").isEmpty());
        assertTrue(check(request("prompts/get", ",'name':'greet'"), "MCP-Protocol-Version", "2026-07-28",
                "Mcp-Method", "prompts/get", "Mcp-Name", "greet").isEmpty());
    }

    @Test
    void theVersionHeaderMustBeThereAndMatchTheBody() {
        JsonRpc.Request r = request("tools/list", "");
        Optional<JsonRpc.Error> missing = check(r, "Mcp-Method", "tools/list");
        assertEquals(-32020, code(missing));
        assertTrue(missing.get().message().contains("MCP-Protocol-Version"));
        assertEquals(-32020, code(check(r, "MCP-Protocol-Version", "2025-11-25", "Mcp-Method", "tools/list")));
        JsonRpc.Request noMeta = new JsonRpc.Request(Json.createValue(1), "tools/list", obj("{}"));
        assertEquals(-32020, code(check(noMeta, "MCP-Protocol-Version", "2025-06-18", "Mcp-Method", "tools/list")),
                "the header names a legacy version the body does not");
    }

    @Test
    void spacesAndTabsAroundAHeaderValueAreNotPartOfIt() {
        // RFC 9110 section 5.5: OWS around a field value is excluded before it is evaluated
        assertTrue(check(request("tools/call", ",'name':'echo'"), "MCP-Protocol-Version", "2026-07-28",
                "Mcp-Method", " tools/call\t", "Mcp-Name", "  echo  ").isEmpty());
        assertEquals(-32020, code(check(request("tools/call", ",'name':'echo'"), "MCP-Protocol-Version", "2026-07-28",
                "Mcp-Method", "tools/call", "Mcp-Name", "ec ho")), "inner spaces stay");
        assertEquals(" padded ", McpRequestHeaders.decode(McpRequestHeaders.withoutOws(" =?base64?IHBhZGRlZCA=?= ")).orElseThrow(),
                "whitespace a value itself has comes Base64-encoded");
    }

    @Test
    void aModernRequestWithoutItsVersionInMetaIsMalformed() {
        // basic/index, "Per-request protocol fields": a request missing a required field gets -32602 (HTTP 400)
        JsonRpc.Request noMeta = new JsonRpc.Request(Json.createValue(1), "server/discover", obj("{}"));
        Optional<JsonRpc.Error> e = check(noMeta, "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "server/discover");
        assertEquals(-32602, code(e));
        assertTrue(e.get().message().contains("io.modelcontextprotocol/protocolVersion"), e.get().message());
        JsonRpc.Request noVersion = new JsonRpc.Request(Json.createValue(2), "server/discover",
                obj("{'_meta':{'io.modelcontextprotocol/clientCapabilities':{}}}"));
        assertEquals(-32602, code(check(noVersion, "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "server/discover")));
    }

    @Test
    void anUnsupportedVersionNamesTheSupportedOnes() {
        JsonRpc.Request r = new JsonRpc.Request(Json.createValue(1), "tools/list", obj(
                "{'_meta':{'io.modelcontextprotocol/protocolVersion':'1900-01-01','io.modelcontextprotocol/clientCapabilities':{}}}"));
        Optional<JsonRpc.Error> e = check(r, "MCP-Protocol-Version", "1900-01-01", "Mcp-Method", "tools/list");
        assertEquals(-32022, code(e));
        assertEquals(obj("{'supported':['2026-07-28','2025-11-25','2025-06-18'],'requested':'1900-01-01'}"), e.get().data());
        JsonRpc.Request noMeta = new JsonRpc.Request(Json.createValue(1), "tools/list", obj("{}"));
        assertEquals(-32022, code(check(noMeta, "MCP-Protocol-Version", "1900-01-01")),
                "a version served by nobody is unsupported even without _meta");
    }

    @Test
    void theMethodHeaderMustBeThereAndMatchTheBody() {
        JsonRpc.Request r = request("tools/list", "");
        assertEquals(-32020, code(check(r, "MCP-Protocol-Version", "2026-07-28")));
        assertEquals(-32020, code(check(r, "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "prompts/list")));
        assertEquals(-32020, code(check(r, "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "TOOLS/LIST")),
                "values are case-sensitive");
    }

    @Test
    void theNameHeaderMustBeThereAndMatchTheBody() {
        for (String[] c : new String[][] {{"tools/call", "name"}, {"prompts/get", "name"}, {"resources/read", "uri"}}) {
            JsonRpc.Request r = request(c[0], ",'" + c[1] + "':'x'");
            assertEquals(-32020, code(check(r, "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", c[0])), c[0]);
            Optional<JsonRpc.Error> e = check(r, "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", c[0], "Mcp-Name", "y");
            assertEquals(-32020, code(e), c[0]);
            assertEquals("Header mismatch: Mcp-Name header value 'y' does not match body value 'x'", e.get().message());
        }
    }

    @Test
    void aBase64NameIsDecodedBeforeComparing() {
        JsonRpc.Request r = request("tools/call", ",'name':'Hello, 世界'");
        assertTrue(check(r, "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call",
                "Mcp-Name", "=?base64?SGVsbG8sIOS4lueVjA==?=").isEmpty());
        JsonRpc.Request sentinel = request("tools/call", ",'name':'=?base64?literal?='");
        assertTrue(check(sentinel, "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call",
                "Mcp-Name", "=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?=").isEmpty(), "a value like the sentinel, encoded");
        assertEquals(-32020, code(check(sentinel, "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call",
                "Mcp-Name", "=?base64?literal?=")), "the sentinel not encoded is decoded, and is not base64");
    }

    @Test
    void decodingFollowsTheValueEncodingTable() {
        assertEquals(Optional.of("us-west1"), McpRequestHeaders.decode("us-west1"));
        assertEquals(Optional.of("Hello, 世界"), McpRequestHeaders.decode("=?base64?SGVsbG8sIOS4lueVjA==?="));
        assertEquals(Optional.of(" padded "), McpRequestHeaders.decode("=?base64?IHBhZGRlZCA=?="));
        assertEquals(Optional.of("line1\nline2"), McpRequestHeaders.decode("=?base64?bGluZTEKbGluZTI=?="));
        assertEquals(Optional.of("=?base64?literal?="), McpRequestHeaders.decode("=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?="));
        assertEquals(Optional.of("=?BASE64?SGk=?="), McpRequestHeaders.decode("=?BASE64?SGk=?="), "markers are case-sensitive");
        assertEquals(Optional.empty(), McpRequestHeaders.decode("=?base64?not base64!?="));
        assertEquals(Optional.empty(), McpRequestHeaders.decode("=?base64?/w==?="), "not UTF-8");
        assertEquals(Optional.empty(), McpRequestHeaders.decode("a\u0001b"), "a control character");
        assertEquals(Optional.empty(), McpRequestHeaders.decode("Hello, 世界"), "not ASCII");
    }
}
