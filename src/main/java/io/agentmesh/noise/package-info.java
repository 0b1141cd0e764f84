/**
 * The Noise Protocol Framework (revision 34), as far as wire-v1 §3 needs it:
 * {@code Noise_XX_25519_AESGCM_SHA256} (and the other patterns of the public vectors). Classes are
 * named after the spec ({@code CipherState}, {@code SymmetricState}, {@code HandshakeState}); no
 * Jakarta imports. Depends only on the JDK and Bouncy Castle.
 */
package io.agentmesh.noise;
