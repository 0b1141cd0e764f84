package io.agentmesh.agents.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The event-stream rules of the HTML Living Standard §9.2.6, each with a small case. */
class SseParserTest {

    private final List<SseEvent> events = new ArrayList<>();
    private final SseParser parser = new SseParser(1024, events::add);

    private void feed(String text) throws SseParser.SseException {
        parser.feed(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void dataLinesAreJoinedWithLineFeedsAndABlankLineDispatches() throws Exception {
        feed("data: first\ndata: second\n\n");
        assertEquals(List.of(new SseEvent("message", "first\nsecond", "")), events);
    }

    @Test
    void crLfAndCrEndLinesToo() throws Exception {
        feed("data: a\r\n\r\ndata: b\r\rdata: c\n\n");
        assertEquals(List.of("a", "b", "c"), events.stream().map(SseEvent::data).toList());
    }

    @Test
    void anyByteSplitGivesTheSameEvents() throws Exception {
        byte[] stream = "event: message\r\nid: 7\r\ndata: {\"text\":\"héllo\"}\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        for (int split = 1; split < stream.length; split++) {
            List<SseEvent> got = new ArrayList<>();
            SseParser p = new SseParser(1024, got::add);
            p.feed(ByteBuffer.wrap(stream, 0, split));
            p.feed(ByteBuffer.wrap(stream, split, stream.length - split));
            assertEquals(List.of(new SseEvent("message", "{\"text\":\"héllo\"}", "7")), got, "split at " + split);
        }
    }

    @Test
    void commentsAndUnknownFieldsAreIgnoredAndOneLeadingSpaceIsDropped() throws Exception {
        feed(": keep-alive\nfoo: bar\ndata:  two spaces\ndata:none\n\n");
        assertEquals(" two spaces\nnone", events.get(0).data());
    }

    @Test
    void anEventWithoutDataIsNotDispatchedButEmptyDataIs() throws Exception {
        feed("event: ping\n\nid: 1\n\ndata\n\n");
        assertEquals(List.of(new SseEvent("message", "", "1")), events);
    }

    @Test
    void theEventTypeAppliesToOneEventOnly() throws Exception {
        feed("event: custom\ndata: x\n\ndata: y\n\n");
        assertEquals(List.of("custom", "message"), events.stream().map(SseEvent::type).toList());
    }

    @Test
    void theLastEventIdStaysUntilChangedAndIgnoresNul() throws Exception {
        feed("id: a\ndata: 1\n\ndata: 2\n\nid: b\u0000c\ndata: 3\n\n");
        assertEquals(List.of("a", "a", "a"), events.stream().map(SseEvent::lastEventId).toList());
        assertEquals("a", parser.lastEventId());
    }

    @Test
    void retryTakesDigitsOnly() throws Exception {
        feed("retry: 1500\n\nretry: 2x\n\n");
        assertEquals(1500, parser.retry().orElseThrow());
    }

    @Test
    void aLeadingByteOrderMarkIsSkipped() throws Exception {
        feed("\uFEFFdata: x\n\n");
        assertEquals("x", events.get(0).data());
    }

    @Test
    void anEventCutOffByTheEndOfTheStreamIsDiscarded() throws Exception {
        feed("data: complete\n\ndata: partial\n");
        parser.finish();
        assertEquals(List.of("complete"), events.stream().map(SseEvent::data).toList());
    }

    @Test
    void aLineOverTheLimitIsRefused() {
        SseParser small = new SseParser(16, events::add);
        SseParser.SseException e = assertThrows(SseParser.SseException.class,
                () -> small.feed(ByteBuffer.wrap("data: 0123456789abcdef\n".getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().contains("16"));
    }

    @Test
    void dataOverTheLimitIsRefusedAcrossLines() {
        SseParser small = new SseParser(16, events::add);
        assertThrows(SseParser.SseException.class,
                () -> small.feed(ByteBuffer.wrap("data: 0123456\ndata: 789abcdef\n".getBytes(StandardCharsets.UTF_8))));
    }
}
