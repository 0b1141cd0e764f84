/**
 * Node identity (wire-v1 §1): the long-term Ed25519 key pair, the node id derived from it, and the
 * key store that keeps it across restarts. Depends on nothing else in agentmesh.
 */
package io.agentmesh.identity;
