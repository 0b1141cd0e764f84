/**
 * JSON-RPC 2.0 on links and mesh addressing (wire-v1 §5): the message model, addresses, the router,
 * pending requests with deadlines, node operations and forwarding. Depends on transport.
 */
package io.agentmesh.routing;
