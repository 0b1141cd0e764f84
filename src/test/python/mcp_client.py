"""The official MCP Python SDK's client (the `mcp` package, 2.x) against one agentmesh /mcp path.

    python mcp_client.py URL MODE

MODE is the SDK's connect mode: 'legacy' (the 2025-11-25 initialize handshake), a modern version such as
'2026-07-28' (stateless, no handshake) or 'auto' (server/discover, else initialize). The client lists the
tools, calls `echo` and prints one JSON line: the version it speaks, the tool names, and the echoed text.
"""

import asyncio
import json
import sys

from mcp import Client


async def main(url: str, mode: str) -> None:
    async with Client(url, mode=mode, read_timeout_seconds=60) as client:
        tools = await client.list_tools()
        result = await client.call_tool("echo", {"text": "hello from python"})
        print(json.dumps({
            "protocolVersion": client.protocol_version,
            "tools": sorted(tool.name for tool in tools.tools),
            "text": result.content[0].text,
            "isError": bool(result.is_error),
        }))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
