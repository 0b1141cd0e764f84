package io.agentmesh.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeId;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.testsupport.FixedRandom;
import io.agentmesh.testsupport.ManualClock;
import io.agentmesh.testsupport.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The admission accounting: each cap, the refusals counted, and every slot given back. */
class LinkAdmissionTest {

    private final FixedRandom random = new FixedRandom(7);
    private final ManualClock clock = new ManualClock();
    private final List<AdmissionRefusal> refusals = new ArrayList<>();
    private final LinkObserver observer = new LinkObserver() {
        @Override
        public void linkRefused(AdmissionRefusal reason) {
            refusals.add(reason);
        }
    };

    /** Caps: pending 2 per address, 3 in all; 2 handshakes; links 2 per address, 3 in all, 1 per peer. */
    private LinkAdmission admission(AdmissionLimits limits) {
        LinkSettings settings = LinkSettings.defaults().withHandshakeTimeout(Duration.ofSeconds(10));
        LinkEnvironment env = new LinkEnvironment(LocalNode.create(NodeIdentity.generate(random), random, settings),
                settings, TrustPolicy.open(), random, clock, new ManualScheduler(), Runnable::run, observer);
        return new LinkAdmission(limits, env, clock.nanoTime());
    }

    private LinkAdmission small() {
        return admission(new AdmissionLimits(2, 3, 2, 2, 3, 1));
    }

    private static LinkAdmission.Ticket claimed(LinkAdmission admission, String address) {
        LinkAdmission.Reservation r = admission.reserve(address);
        assertFalse(r.isRefused(), "refused " + r.refused());
        return admission.claim(r.ticket().token()).orElseThrow();
    }

    private NodeId peer() {
        return NodeIdentity.generate(random).nodeId();
    }

    private static void assertNothingHeld(LinkAdmission admission) {
        assertEquals(new LinkAdmission.Usage(0, 0, 0, 0, 0), admission.usage());
    }

    @Test
    void pendingSocketsAreCappedPerAddressThenInAll() {
        LinkAdmission a = small();
        claimed(a, "10.0.0.1");
        claimed(a, "10.0.0.1");
        assertEquals(AdmissionRefusal.PENDING_PER_ADDRESS, a.reserve("10.0.0.1").refused());
        claimed(a, "10.0.0.2");
        assertEquals(AdmissionRefusal.PENDING, a.reserve("10.0.0.3").refused());
        assertEquals(List.of(AdmissionRefusal.PENDING_PER_ADDRESS, AdmissionRefusal.PENDING), refusals);
        assertEquals(new LinkAdmission.Usage(3, 0, 0, 2, 0), a.usage());
    }

    @Test
    void aTokenClaimsItsTicketOnceAndAMadeUpOneNothing() {
        LinkAdmission a = small();
        LinkAdmission.Reservation r = a.reserve("10.0.0.1");
        assertEquals(Optional.empty(), a.claim("00".repeat(16)));
        assertEquals(Optional.empty(), a.claim(null));
        assertTrue(a.claim(r.ticket().token()).isPresent());
        assertEquals(Optional.empty(), a.claim(r.ticket().token()));
        assertNotEquals(r.ticket().token(), a.reserve("10.0.0.1").ticket().token());
    }

    @Test
    void aFailedUpgradeGivesItsReservationBackButNotAClaimedOne() {
        LinkAdmission a = small();
        LinkAdmission.Reservation failed = a.reserve("10.0.0.1");
        a.cancel(failed.ticket());
        assertNothingHeld(a);
        assertEquals(Optional.empty(), a.claim(failed.ticket().token()));
        LinkAdmission.Ticket open = claimed(a, "10.0.0.1");
        a.cancel(open);   // the filter saw no 101 after the socket had opened: the socket keeps its ticket
        assertEquals(1, a.usage().pending());
        a.release(open);
        assertNothingHeld(a);
    }

    @Test
    void aReservationNotClaimedWithinTheHandshakeTimeoutExpires() {
        LinkAdmission a = small();
        LinkAdmission.Reservation lost = a.reserve("10.0.0.1");
        a.reserve("10.0.0.1");
        assertEquals(AdmissionRefusal.PENDING_PER_ADDRESS, a.reserve("10.0.0.1").refused());
        clock.advance(Duration.ofSeconds(10));
        assertEquals(AdmissionRefusal.PENDING_PER_ADDRESS, a.reserve("10.0.0.1").refused(), "not yet expired");
        clock.advance(Duration.ofMillis(1));
        LinkAdmission.Reservation next = a.reserve("10.0.0.1");
        assertFalse(next.isRefused(), "the two lost reservations expired");
        assertEquals(Optional.empty(), a.claim(lost.ticket().token()));
        assertEquals(1, a.usage().pending());
    }

    @Test
    void handshakesInProgressAreCappedAndEndWithTheLinkOrTheSocket() {
        LinkAdmission a = admission(new AdmissionLimits(4, 4, 2, 4, 4, 4));
        LinkAdmission.Ticket first = claimed(a, "10.0.0.1");
        LinkAdmission.Ticket second = claimed(a, "10.0.0.2");
        LinkAdmission.Ticket third = claimed(a, "10.0.0.3");
        assertTrue(a.startHandshake(first));
        assertTrue(a.startHandshake(second));
        assertFalse(a.startHandshake(third));
        assertEquals(List.of(AdmissionRefusal.HANDSHAKES), refusals);
        assertEquals(Optional.empty(), a.admit(first, peer()));
        assertTrue(a.startHandshake(third), "the admitted link's handshake ended");
        a.release(second);
        assertEquals(new LinkAdmission.Usage(1, 1, 1, 2, 1), a.usage());
    }

    @Test
    void linksAreCappedPerAddressPerPeerAndInAll() {
        LinkAdmission a = small();
        NodeId twice = peer();
        LinkAdmission.Ticket first = claimed(a, "10.0.0.1");
        LinkAdmission.Ticket second = claimed(a, "10.0.0.1");
        assertEquals(Optional.empty(), a.admit(first, twice));
        LinkAdmission.Ticket third = claimed(a, "10.0.0.1");
        assertEquals(Optional.empty(), a.admit(second, peer()));
        assertEquals(Optional.of(AdmissionRefusal.LINKS_PER_ADDRESS), a.admit(third, peer()), "after the handshake");
        a.release(third);
        assertEquals(AdmissionRefusal.LINKS_PER_ADDRESS, a.reserve("10.0.0.1").refused(), "at the upgrade");
        LinkAdmission.Ticket again = claimed(a, "10.0.0.2");
        assertEquals(Optional.of(AdmissionRefusal.LINKS_PER_PEER), a.admit(again, twice));
        a.release(again);
        LinkAdmission.Ticket dial = a.outbound();
        assertEquals(Optional.empty(), a.admit(dial, peer()), "a dial counts in all, not per address");
        assertEquals(AdmissionRefusal.LINKS, a.reserve("10.0.0.3").refused());
        assertEquals(Optional.of(AdmissionRefusal.LINKS), a.admit(a.outbound(), peer()));
        assertEquals(List.of(AdmissionRefusal.LINKS_PER_ADDRESS, AdmissionRefusal.LINKS_PER_ADDRESS,
                AdmissionRefusal.LINKS_PER_PEER, AdmissionRefusal.LINKS, AdmissionRefusal.LINKS), refusals);
        assertEquals(new LinkAdmission.Usage(0, 0, 3, 1, 3), a.usage());
        a.release(dial);
        assertFalse(a.reserve("10.0.0.3").isRefused(), "a closed link gives its place back");
    }

    @Test
    void everySlotComesBackWhateverTheTicketReached() {
        LinkAdmission a = small();
        List<LinkAdmission.Ticket> tickets = new ArrayList<>();
        tickets.add(claimed(a, "10.0.0.1"));                        // pending
        LinkAdmission.Ticket handshaking = claimed(a, "10.0.0.2");
        a.startHandshake(handshaking);
        tickets.add(handshaking);                                     // handshake in progress
        LinkAdmission.Ticket linked = claimed(a, "10.0.0.3");
        a.startHandshake(linked);
        a.admit(linked, peer());
        tickets.add(linked);                                          // link
        LinkAdmission.Ticket dial = a.outbound();
        a.admit(dial, peer());
        tickets.add(dial);                                            // dialed link
        for (LinkAdmission.Ticket t : tickets) {
            a.release(t);
            a.release(t);                                             // idempotent
        }
        assertNothingHeld(a);
        assertEquals(Optional.empty(), a.admit(linked, peer()), "a released ticket counts nothing more");
        assertTrue(a.startHandshake(handshaking));
        assertNothingHeld(a);
    }

    @Test
    void ipv6AddressesCountByTheirSlash64() {
        assertEquals("10.1.2.3", LinkAdmission.addressOf("10.1.2.3"));
        assertEquals("2001:db8:0:1::/64", LinkAdmission.addressOf("2001:db8:0:1:aaaa::1"));
        assertEquals("2001:db8:0:1::/64", LinkAdmission.addressOf("2001:db8::1:ffff:0:0:2"));
        assertEquals("0:0:0:0::/64", LinkAdmission.addressOf("::1"));
        assertEquals("192.0.2.1", LinkAdmission.addressOf("::ffff:192.0.2.1"));
        assertEquals("(unknown)", LinkAdmission.addressOf(null));
        LinkAdmission a = small();
        claimed(a, "2001:db8:0:1::1");
        claimed(a, "2001:db8:0:1::2");
        assertEquals(AdmissionRefusal.PENDING_PER_ADDRESS, a.reserve("2001:db8:0:1:ffff::3").refused());
    }

    @Test
    void limitsAreValidated() {
        assertEquals(AdmissionLimits.defaults(), new AdmissionLimits(32, 256, 64, 64, 256, 8));
        assertThrows(IllegalArgumentException.class, () -> new AdmissionLimits(0, 1, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new AdmissionLimits(4, 3, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new AdmissionLimits(1, 1, 0, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new AdmissionLimits(1, 1, 1, 5, 4, 1));
        assertThrows(IllegalArgumentException.class, () -> new AdmissionLimits(1, 1, 1, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new AdmissionLimits(1, 1, 1, 1, 1_000_001, 1));
    }
}
