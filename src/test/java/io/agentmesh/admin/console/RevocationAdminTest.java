package io.agentmesh.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.membership.MembershipVerifier;
import io.agentmesh.membership.RevocationList;
import io.agentmesh.membership.Revocations;
import io.agentmesh.membership.SignedRevocationList;
import io.agentmesh.testsupport.FixedRandom;
import io.agentmesh.transport.Membership;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevocationAdminTest {

    private final FixedRandom random = new FixedRandom(41);
    private final NodeIdentity authority = NodeIdentity.generate(random);
    private final NodeIdentity foreign = NodeIdentity.generate(random);

    @TempDir
    Path dir;

    private RevocationAdmin admin() {
        Revocations revocations = Revocations.load(List.of(authority.publicKey()), dir.resolve("revocations.json"));
        return new RevocationAdmin(new Membership(Optional.of(new MembershipVerifier(revocations, Duration.ZERO)),
                Optional.empty()));
    }

    private static JsonObject list(NodeIdentity by, long seq) {
        return SignedRevocationList.issue(by, new RevocationList(by.publicKey(), seq, 7,
                Set.of("0123456789abcdef0123456789abcdef"))).toJson();
    }

    @Test
    void takesANewerListAndShowsIt() {
        RevocationAdmin admin = admin();
        RevocationAdmin.RevocationsView view = admin.post(list(authority, 4));
        assertEquals(List.of(authority.publicKeyBase64Url()), view.authorities());
        assertEquals(List.of(new RevocationAdmin.ListView(authority.publicKeyBase64Url(), 4, 7,
                List.of("0123456789abcdef0123456789abcdef"))), view.lists());
    }

    @Test
    void anOlderOrEqualSeqIs409Stale() {
        RevocationAdmin admin = admin();
        admin.post(list(authority, 4));
        AdminException e = assertThrows(AdminException.class, () -> admin.post(list(authority, 4)));
        assertEquals(409, e.status());
        assertTrue(e.getMessage().startsWith("revocations_stale"), e.getMessage());
    }

    @Test
    void aForeignOrMissingListIs400() {
        AdminException foreignList = assertThrows(AdminException.class, () -> admin().post(list(foreign, 1)));
        assertEquals(400, foreignList.status());
        assertTrue(foreignList.getMessage().startsWith("revocations_unknown_authority"));
        assertEquals(400, assertThrows(AdminException.class, () -> admin().post(null)).status());
    }

    @Test
    void aNodeWithoutAuthoritiesRefusesLists() {
        AdminException e = assertThrows(AdminException.class, () -> new RevocationAdmin(Membership.NONE).post(list(authority, 1)));
        assertEquals(409, e.status());
        assertEquals(List.of(), new RevocationAdmin(Membership.NONE).view().lists());
    }
}
