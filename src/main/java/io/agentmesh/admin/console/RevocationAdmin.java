package io.agentmesh.admin.console;

import io.agentmesh.membership.RevocationList;
import io.agentmesh.membership.Revocations;
import io.agentmesh.transport.Membership;
import jakarta.json.JsonValue;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The revocation lists of the admin API ({@code GET} and {@code POST /api/v1/admin/revocations},
 * admin-api.md): shows the list held of each authority and takes a posted one, which the node then
 * spreads (docs/protocol.md, "Revocation lists"). A refusal is an {@link AdminException} whose message
 * starts with its documented code: 409 {@code revocations_stale}, 400 for the others, 409
 * {@code revocations_no_authorities} when the node has no {@code mesh.trust.authorities}.
 */
public final class RevocationAdmin {

    private static final Logger LOG = Logger.getLogger(RevocationAdmin.class.getName());

    /** One authority's list as the node holds it. */
    public record ListView(String issuer, long seq, long issuedAt, List<String> serials) {

        static ListView of(RevocationList list) {
            return new ListView(list.issuerText(), list.seq(), list.issuedAt(), List.copyOf(list.serials()));
        }
    }

    /** What the node holds: its authorities and the newest list of each that has one. */
    public record RevocationsView(List<String> authorities, List<ListView> lists) {
    }

    private final Optional<Revocations> revocations;

    public RevocationAdmin(Membership membership) {
        this.revocations = Objects.requireNonNull(membership, "membership").verifier().map(v -> v.revocations());
    }

    public RevocationsView view() {
        return revocations.map(r -> new RevocationsView(r.authorities().stream().sorted().toList(),
                r.lists().stream().map(l -> ListView.of(l.list())).toList()))
                .orElse(new RevocationsView(List.of(), List.of()));
    }

    /** Takes a posted list envelope; the view after it, or an AdminException naming the refusal's code. */
    public RevocationsView post(JsonValue envelope) {
        Revocations held = revocations.orElseThrow(() -> new AdminException(409,
                "revocations_no_authorities: this node has no mesh.trust.authorities"));
        if (envelope == null) {
            throw AdminException.badRequest("revocations_malformed: a JSON body {\"body\": ..., \"sig\": ...} is required");
        }
        Revocations.Outcome outcome;
        try {
            outcome = held.offer(envelope);
        } catch (UncheckedIOException e) {
            throw new AdminException(500, "cannot keep the list: " + e.getMessage());
        }
        switch (outcome) {
            case ACCEPTED -> LOG.log(Level.INFO, "revocation list taken from the admin API; it is spread to the peers");
            case STALE -> throw new AdminException(409, outcome.code()
                    + ": this node holds a list of that authority with an equal or higher seq");
            default -> throw AdminException.badRequest(outcome.code() + ": the list is refused");
        }
        return view();
    }
}
