package io.agentmesh.agents.bridge;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Parses an event stream ({@code text/event-stream}, HTML Living Standard §9.2.6 "Interpreting an event
 * stream") from bytes split anywhere: lines end with CRLF, LF or CR; a leading BOM is skipped; lines
 * starting with {@code :} are comments; {@code event}, {@code data}, {@code id} and {@code retry} fields
 * are kept, others ignored; a blank line dispatches the event (none when no data was given). An event
 * still open at the end of the stream is discarded, as the standard says.
 * <p>
 * A line or an event's data longer than the limit ends parsing with an {@link SseException} (a
 * defence against an endless line). Not thread-safe: one parser per stream.
 */
final class SseParser {

    /** The stream broke the format or a limit. */
    static final class SseException extends Exception {
        private static final long serialVersionUID = 1L;

        SseException(String message) {
            super(message);
        }
    }

    private final int maxBytes;
    private final Consumer<SseEvent> sink;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final StringBuilder data = new StringBuilder();
    private String eventType = "";
    private String lastEventId = "";
    private long retry = -1;
    private boolean dataSeen;
    private boolean afterCr;
    private boolean firstLine = true;

    /**
     * @param maxBytes the longest line, and the most data of one event, in bytes
     * @param sink     receives each dispatched event, on the thread that feeds
     */
    SseParser(int maxBytes, Consumer<SseEvent> sink) {
        this.maxBytes = maxBytes;
        this.sink = sink;
    }

    /** Feeds the next bytes of the stream. */
    void feed(ByteBuffer bytes) throws SseException {
        while (bytes.hasRemaining()) {
            byte b = bytes.get();
            if (afterCr) {
                afterCr = false;
                if (b == '\n') {
                    continue;
                }
            }
            if (b == '\r' || b == '\n') {
                afterCr = b == '\r';
                endLine();
            } else {
                if (line.size() >= maxBytes) {
                    throw new SseException("an event-stream line exceeds " + maxBytes + " bytes");
                }
                line.write(b);
            }
        }
    }

    /** The stream ended: a partial line and an undispatched event are dropped. */
    void finish() {
        line.reset();
        resetEvent();
    }

    /** The id of the last event that set one (for {@code Last-Event-ID}), empty when none did. */
    String lastEventId() {
        return lastEventId;
    }

    /** The reconnection time the stream asked for ({@code retry:} in milliseconds), when it did. */
    OptionalLong retry() {
        return retry < 0 ? OptionalLong.empty() : OptionalLong.of(retry);
    }

    private void endLine() throws SseException {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (firstLine) {
            firstLine = false;
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
        }
        if (text.isEmpty()) {
            dispatch();
            return;
        }
        if (text.charAt(0) == ':') {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> eventType = value;
            case "data" -> {
                if (data.length() + value.length() + 1 > maxBytes) {
                    throw new SseException("an event's data exceeds " + maxBytes + " bytes");
                }
                data.append(value).append('\n');
                dataSeen = true;
            }
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventId = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.length() <= 12 && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    retry = Long.parseLong(value);
                }
            }
            default -> {
                // unknown fields are ignored
            }
        }
    }

    private void dispatch() {
        if (!dataSeen) {
            eventType = "";
            return;
        }
        String payload = data.substring(0, data.length() - 1);
        SseEvent event = new SseEvent(eventType.isEmpty() ? "message" : eventType, payload, lastEventId);
        resetEvent();
        sink.accept(event);
    }

    private void resetEvent() {
        data.setLength(0);
        dataSeen = false;
        eventType = "";
    }
}
