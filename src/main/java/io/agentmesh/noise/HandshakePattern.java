package io.agentmesh.noise;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A handshake pattern as data (Noise rev 34 §7): the pre-messages of each side and the message
 * patterns, which alternate initiator → responder starting with the initiator. Holds the one-way
 * patterns N, K, X (§7.4) and the interactive patterns NN … IX (§7.5). Immutable.
 */
public final class HandshakePattern {

    /** A token of a message pattern (§7.1). */
    public enum Token {
        E, S, EE, ES, SE, SS;

        /** True for the DH tokens ee, es, se, ss. */
        public boolean isDh() {
            return this == EE || this == ES || this == SE || this == SS;
        }

        /** The token as the spec writes it: {@code e}, {@code ee}, ... */
        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Token parse(String text) {
            for (Token token : values()) {
                if (token.text().equals(text)) {
                    return token;
                }
            }
            throw new IllegalArgumentException("unknown Noise token: " + text);
        }
    }

    public static final HandshakePattern N = new HandshakePattern("N", "", "s", "-> e, es");
    public static final HandshakePattern K = new HandshakePattern("K", "s", "s", "-> e, es, ss");
    public static final HandshakePattern X = new HandshakePattern("X", "", "s", "-> e, es, s, ss");
    public static final HandshakePattern NN = new HandshakePattern("NN", "", "", "-> e", "<- e, ee");
    public static final HandshakePattern NK = new HandshakePattern("NK", "", "s", "-> e, es", "<- e, ee");
    public static final HandshakePattern NX = new HandshakePattern("NX", "", "", "-> e", "<- e, ee, s, es");
    public static final HandshakePattern KN = new HandshakePattern("KN", "s", "", "-> e", "<- e, ee, se");
    public static final HandshakePattern KK = new HandshakePattern("KK", "s", "s", "-> e, es, ss", "<- e, ee, se");
    public static final HandshakePattern KX = new HandshakePattern("KX", "s", "", "-> e", "<- e, ee, se, s, es");
    public static final HandshakePattern XN = new HandshakePattern("XN", "", "", "-> e", "<- e, ee", "-> s, se");
    public static final HandshakePattern XK = new HandshakePattern("XK", "", "s", "-> e, es", "<- e, ee", "-> s, se");
    public static final HandshakePattern XX = new HandshakePattern("XX", "", "", "-> e", "<- e, ee, s, es", "-> s, se");
    public static final HandshakePattern IN = new HandshakePattern("IN", "", "", "-> e, s", "<- e, ee, se");
    public static final HandshakePattern IK = new HandshakePattern("IK", "", "s", "-> e, es, s, ss", "<- e, ee, se");
    public static final HandshakePattern IX = new HandshakePattern("IX", "", "", "-> e, s", "<- e, ee, se, s, es");

    private static final Map<String, HandshakePattern> BY_NAME = Stream.of(
                    N, K, X, NN, NK, NX, KN, KK, KX, XN, XK, XX, IN, IK, IX)
            .collect(Collectors.toUnmodifiableMap(HandshakePattern::name, Function.identity()));

    private final String name;
    private final List<Token> initiatorPreMessage;
    private final List<Token> responderPreMessage;
    private final List<List<Token>> messages;

    /**
     * A pattern from the spec's notation: pre-messages like {@code "s"} or {@code "e, s"} (empty for
     * none) and messages like {@code "-> e, es"}, {@code "<- e, ee"}.
     */
    HandshakePattern(String name, String initiatorPre, String responderPre, String... messages) {
        this.name = Objects.requireNonNull(name, "name");
        this.initiatorPreMessage = tokens(initiatorPre);
        this.responderPreMessage = tokens(responderPre);
        List<List<Token>> list = new ArrayList<>();
        for (int i = 0; i < messages.length; i++) {
            String arrow = i % 2 == 0 ? "-> " : "<- ";
            if (!messages[i].startsWith(arrow)) {
                throw new IllegalArgumentException("message " + i + " of " + name + " must start with " + arrow);
            }
            list.add(tokens(messages[i].substring(3)));
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("a handshake pattern has at least one message");
        }
        this.messages = List.copyOf(list);
        for (List<Token> pre : List.of(initiatorPreMessage, responderPreMessage)) {
            if (pre.stream().anyMatch(Token::isDh)) {
                throw new IllegalArgumentException("pre-messages hold only e and s");
            }
        }
    }

    private static List<Token> tokens(String text) {
        if (text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split(",")).map(String::trim).map(Token::parse).toList();
    }

    /**
     * The pattern named {@code name} (e.g. {@code XX}).
     *
     * @throws IllegalArgumentException for an unknown name or one with modifiers ({@code XXpsk0})
     */
    public static HandshakePattern byName(String name) {
        Objects.requireNonNull(name, "name");
        HandshakePattern pattern = BY_NAME.get(name);
        if (pattern == null) {
            throw new IllegalArgumentException("unsupported Noise handshake pattern: " + name);
        }
        return pattern;
    }

    /** The pattern's name, e.g. {@code XX}. */
    public String name() {
        return name;
    }

    /** Keys the initiator's pre-message makes known to the responder before the handshake. */
    public List<Token> initiatorPreMessage() {
        return initiatorPreMessage;
    }

    /** Keys the responder's pre-message makes known to the initiator before the handshake. */
    public List<Token> responderPreMessage() {
        return responderPreMessage;
    }

    /** The message patterns; even indexes are sent by the initiator, odd ones by the responder. */
    public List<List<Token>> messages() {
        return messages;
    }

    /** True for the one-way patterns (one message, initiator to responder; §7.4). */
    public boolean isOneWay() {
        return messages.size() == 1;
    }

    /** True when the side given needs its own static key pair at initialization. */
    public boolean needsLocalStatic(boolean initiator) {
        if ((initiator ? initiatorPreMessage : responderPreMessage).contains(Token.S)) {
            return true;
        }
        for (int i = 0; i < messages.size(); i++) {
            Set<Token> tokens = EnumSet.noneOf(Token.class);
            tokens.addAll(messages.get(i));
            boolean mine = (i % 2 == 0) == initiator;
            if ((mine && tokens.contains(Token.S)) || tokens.contains(Token.SS)
                    || (initiator && tokens.contains(Token.SE)) || (!initiator && tokens.contains(Token.ES))) {
                return true;
            }
        }
        return false;
    }

    /** True when the side given must know the remote static key at initialization (pre-message s). */
    public boolean needsRemoteStaticAtStart(boolean initiator) {
        return (initiator ? responderPreMessage : initiatorPreMessage).contains(Token.S);
    }

    @Override
    public String toString() {
        return "HandshakePattern[" + name + "]";
    }
}
