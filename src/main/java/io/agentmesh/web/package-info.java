/**
 * What the node's HTTP entry points ({@code /mcp}, {@code POST /api/v1/call}) share at their edge
 * ({@code HttpGate}): from which web pages they may be called ({@code OriginPolicy}), which clients may
 * call ({@code AccessPolicy}: loopback, bearer token, authenticated user, and in JWT mode an OAuth access
 * token: {@code JwtAccess}, {@code JwtVerifier}, {@code Jwks}, {@code OAuthSettings}) and how much body they read;
 * and, for the admin API, which state-changing requests may come from a browser ({@code StateChangeGuard}).
 * Plain classes, free of the servlet API.
 */
package io.agentmesh.web;
