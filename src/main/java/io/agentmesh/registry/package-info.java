/**
 * Peers, signed agent adverts, gossip and balancing (docs/registry.md): the peer book and its file,
 * adverts signed over their exact bytes, the registry's view of every node's agents, push-pull
 * anti-entropy with peer exchange as node operations, replica choice and the retry policy, and thin
 * adapters to the router. Depends on identity and routing.
 */
package io.agentmesh.registry;
