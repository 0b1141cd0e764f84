/**
 * Membership of a certified mesh (docs/protocol.md, "Membership certificates"): certificates that an
 * authority key signs for node identity keys, the signed revocation lists that withdraw them, and the
 * {@link io.agentmesh.membership.MembershipVerifier} that the links and end-to-end sessions ask whether a
 * presented certificate is valid. Plain classes: no container, no configuration.
 */
package io.agentmesh.membership;
