/**
 * What the node's HTTP entry points ({@code /mcp}, {@code POST /api/v1/call}) share: which clients may
 * call ({@code AccessPolicy}: loopback, bearer token, authenticated user) and from which web pages
 * ({@code OriginPolicy}). Plain classes, free of the servlet API.
 */
package io.agentmesh.web;
