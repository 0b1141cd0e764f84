package io.agentmesh.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/** Which addresses count as on a local network (docs/operations.md "Limits", mesh.dial.allow-private). */
class DialTargetsTest {

    private static boolean local(String literal) throws UnknownHostException {
        return DialTargets.isPrivate(InetAddress.getByName(literal));
    }

    @Test
    void localNetworkAddressesArePrivate() throws UnknownHostException {
        for (String a : new String[] {"127.0.0.1", "127.8.9.10", "0.0.0.0", "0.1.2.3", "10.0.0.1", "172.16.0.1",
                "172.31.255.255", "192.168.0.1", "169.254.169.254", "100.64.0.1", "100.127.255.255", "224.0.0.1",
                "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1"}) {
            assertTrue(local(a), a);
        }
    }

    @Test
    void publicAddressesAreNot() throws UnknownHostException {
        for (String a : new String[] {"8.8.8.8", "203.0.113.7", "172.32.0.1", "100.128.0.1", "192.169.0.1",
                "2001:db8::1", "2606:4700::1111", "::ffff:8.8.8.8"}) {
            assertFalse(local(a), a);
        }
    }

    @Test
    void hostsOfUrlsLoseTheBracketsOfIpv6Literals() {
        assertEquals("::1", DialTargets.hostOf(URI.create("ws://[::1]:9080/mesh")));
        assertEquals("peer.example", DialTargets.hostOf(URI.create("wss://peer.example/mesh")));
    }
}
