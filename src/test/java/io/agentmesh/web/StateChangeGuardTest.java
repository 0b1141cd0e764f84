package io.agentmesh.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agentmesh.web.StateChangeGuard.Decision;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The admin API's defence against cross-site request forgery: origin, fetch site, JSON content type. */
class StateChangeGuardTest {

    private static final Optional<String> JSON = Optional.of("application/json");
    private final StateChangeGuard guard = new StateChangeGuard();

    private Decision decide(String method, Optional<String> origin, Optional<String> site, Optional<String> type) {
        return guard.decide(new StateChangeGuard.Request(method, "https", "127.0.0.1", 9443, origin, site, type));
    }

    @Test
    void aScriptWithoutBrowserHeadersPassesWithJson() {
        assertEquals(Decision.ALLOWED, decide("POST", Optional.empty(), Optional.empty(), JSON));
        assertEquals(Decision.ALLOWED, decide("PUT", Optional.empty(), Optional.empty(),
                Optional.of("Application/JSON; charset=utf-8")));
        assertEquals(Decision.ALLOWED, decide("DELETE", Optional.empty(), Optional.empty(), Optional.empty()));
    }

    @Test
    void theDashboardOnTheNodesOwnOriginPasses() {
        Optional<String> self = Optional.of("https://127.0.0.1:9443");
        Optional<String> sameOrigin = Optional.of("same-origin");
        assertEquals(Decision.ALLOWED, decide("POST", self, sameOrigin, JSON));
        assertEquals(Decision.ALLOWED, decide("DELETE", self, sameOrigin, Optional.empty()));
        assertEquals(Decision.ALLOWED, decide("POST", Optional.of("HTTPS://127.0.0.1:9443"), Optional.of("none"), JSON));
    }

    @Test
    void aForeignOriginIsRefused() {
        assertEquals(Decision.CROSS_SITE, decide("POST", Optional.of("https://evil.example"), Optional.empty(), JSON));
        assertEquals(Decision.CROSS_SITE, decide("DELETE", Optional.of("https://127.0.0.1:9444"), Optional.empty(),
                Optional.empty()));
        assertEquals(Decision.CROSS_SITE, decide("PUT", Optional.of("http://127.0.0.1:9443"), Optional.empty(), JSON));
        assertEquals(Decision.CROSS_SITE, decide("POST", Optional.of("null"), Optional.empty(), JSON));
        assertEquals(403, Decision.CROSS_SITE.status());
    }

    @Test
    void aCrossSiteOrSameSiteFetchIsRefusedEvenWithoutOrigin() {
        assertEquals(Decision.CROSS_SITE, decide("POST", Optional.empty(), Optional.of("cross-site"), JSON));
        assertEquals(Decision.CROSS_SITE, decide("DELETE", Optional.empty(), Optional.of("same-site"), Optional.empty()));
    }

    @Test
    void whatAnHtmlFormCanSendIsRefused() {
        for (String type : new String[] {"application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                "text/plain"}) {
            assertEquals(Decision.NOT_JSON, decide("POST", Optional.empty(), Optional.empty(), Optional.of(type)));
        }
        assertEquals(Decision.NOT_JSON, decide("POST", Optional.empty(), Optional.empty(), Optional.empty()));
        assertEquals(415, Decision.NOT_JSON.status());
    }

    @Test
    void readsPassWhateverTheirOrigin() {
        assertEquals(Decision.ALLOWED, decide("GET", Optional.of("https://evil.example"), Optional.of("cross-site"),
                Optional.empty()));
        assertEquals(Decision.ALLOWED, decide("head", Optional.of("https://evil.example"), Optional.empty(),
                Optional.empty()));
    }

    @Test
    void theOwnOriginFollowsTheAddressedHostAndDefaultPort() {
        StateChangeGuard.Request v6 = new StateChangeGuard.Request("POST", "https", "::1", 443,
                Optional.of("https://[::1]"), Optional.empty(), JSON);
        assertEquals(Decision.ALLOWED, guard.decide(v6));
        StateChangeGuard.Request named = new StateChangeGuard.Request("POST", "https", "Node.Example", -1,
                Optional.of("https://node.example:443"), Optional.empty(), JSON);
        assertEquals(Decision.ALLOWED, guard.decide(named));
    }
}
