/**
 * Peers, discovery, signed agent adverts, gossip and balancing. Depends on agents and routing.
 */
package io.agentmesh.registry;
