/**
 * The vocabulary of the MCP specification that more than one entry point speaks: the protocol versions
 * served and their negotiation, the {@code _meta} keys of 2026-07-28 and its era rule, its error codes.
 * Used by the agents (who serve MCP) and the Java API (which calls them); depends on routing's JSON-RPC
 * model only.
 */
package io.agentmesh.mcp;
