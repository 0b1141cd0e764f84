package io.agentmesh.registry.sim;

import io.agentmesh.registry.AdvertOpener;
import io.agentmesh.registry.AdvertRejectedException;
import io.agentmesh.registry.SignedAdvert;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.HashMap;
import java.util.Map;

/**
 * An {@link AdvertOpener} shared by all nodes of one simulation: it remembers the outcome of opening
 * each distinct envelope (its exact {@code body} and {@code sig} strings), so one JVM does not verify
 * the same Ed25519 signature a thousand times. Every distinct envelope is still opened by the real
 * verifier once; a forged or tampered one differs in its bytes and is verified on its own. Counts how
 * many envelopes were really verified. Single-threaded, like the simulation.
 */
public final class SharedVerificationCache implements AdvertOpener {

    private record Key(String body, String sig) {
    }

    private record Outcome(SignedAdvert advert, AdvertRejectedException rejection) {
    }

    private final AdvertOpener delegate;
    private final Map<Key, Outcome> outcomes = new HashMap<>();
    private long verified;
    private long lookups;

    public SharedVerificationCache(AdvertOpener delegate) {
        this.delegate = delegate;
    }

    @Override
    public SignedAdvert open(JsonValue envelope) throws AdvertRejectedException {
        lookups++;
        if (!(envelope instanceof JsonObject o) || !(o.get("body") instanceof JsonString body)
                || !(o.get("sig") instanceof JsonString sig) || o.size() != 2) {
            return delegate.open(envelope);
        }
        Key key = new Key(body.getString(), sig.getString());
        Outcome outcome = outcomes.get(key);
        if (outcome == null) {
            verified++;
            try {
                outcome = new Outcome(delegate.open(envelope), null);
            } catch (AdvertRejectedException e) {
                outcome = new Outcome(null, e);
            }
            outcomes.put(key, outcome);
        }
        if (outcome.rejection() != null) {
            throw new AdvertRejectedException(outcome.rejection().reason(), outcome.rejection().detail());
        }
        return outcome.advert();
    }

    /** Envelopes opened by the real verifier. */
    public long verified() {
        return verified;
    }

    /** Envelopes asked for. */
    public long lookups() {
        return lookups;
    }
}
