// The official MCP TypeScript client (@modelcontextprotocol/client) against one /mcp URL, in one era:
//   node mcp-client.mjs <url> <modern|legacy> <text>
// Lists the tools, calls echo with <text>, and prints one JSON line: {era, version, tools, text}.
// Exits 1 with the error on stderr when anything fails. Run by ModernMcpIT.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

const [url, era, text] = process.argv.slice(2);
const client = new Client({ name: 'agentmesh-it', version: '1.0.0' }, {
    versionNegotiation: { mode: era === 'modern' ? { pin: '2026-07-28' } : 'legacy' },
});
try {
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    const tools = (await client.listTools()).tools.map(t => t.name);
    const result = await client.callTool({ name: 'echo', arguments: { text } });
    console.log(JSON.stringify({
        era,
        version: client.getNegotiatedProtocolVersion?.() ?? null,
        tools,
        text: result.content[0].text,
    }));
    await client.close();
} catch (e) {
    console.error(e?.stack ?? String(e));
    process.exit(1);
}
