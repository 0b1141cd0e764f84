/**
 * End-to-end sessions between two nodes that are not directly linked (docs/protocol.md, "End-to-end
 * sessions"): a Noise handshake carried through relays in node operations, then each request and its
 * response sealed with AES-GCM, so that relays see only what routing needs. Below routing, which carries
 * the messages: this package knows neither links nor JSON-RPC routing, only the bytes it seals.
 */
package io.agentmesh.session;
