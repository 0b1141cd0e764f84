/**
 * Links (wire-v1 §2–4, §6): the handshake driver with identity payloads, transport frames with flags
 * and chunking, the link session state machine shared by both ends, and the thin Jakarta WebSocket
 * adapters (server endpoint at {@code /mesh}, client dialer). Depends on identity and noise.
 */
package io.agentmesh.transport;
