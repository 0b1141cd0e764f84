package io.agentmesh.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agentmesh.routing.RouteObserver;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteObserversTest {

    @Test
    void everyEventOfTheRouterIsPassedOn() {
        List<String> heard = new ArrayList<>();
        RouteObserver first = new RouteObserver() {
            @Override
            public void session(String event) {
                heard.add("first " + event);
            }
        };
        RouteObserver second = new RouteObserver() {
            @Override
            public void session(String event) {
                heard.add("second " + event);
            }
        };
        new RouteObservers(List.of(first, second)).session("sealed_sent");
        assertEquals(List.of("first sealed_sent", "second sealed_sent"), heard);
    }

    @Test
    void noMethodOfTheObserverIsLeftToItsDefault() {
        List<String> missing = new ArrayList<>();
        for (Method m : RouteObserver.class.getDeclaredMethods()) {
            if (m.isDefault()) {
                try {
                    RouteObservers.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
                } catch (NoSuchMethodException e) {
                    missing.add(m.getName() + Arrays.toString(m.getParameterTypes()));
                }
            }
        }
        assertEquals(List.of(), missing, "events the composite would swallow");
    }
}
