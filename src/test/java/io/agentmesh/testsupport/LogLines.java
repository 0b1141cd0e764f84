package io.agentmesh.testsupport;

import java.text.MessageFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Records the lines a logger writes at {@code level} and above, formatted, until closed. */
public final class LogLines extends Handler implements AutoCloseable {

    private final Logger logger;
    private final Level previous;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    public LogLines(String loggerName, Level level) {
        this.logger = Logger.getLogger(loggerName);
        this.previous = logger.getLevel();
        setLevel(level);
        logger.setLevel(level);
        logger.addHandler(this);
    }

    /** The lines so far, each as {@code LEVEL message}. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void publish(LogRecord record) {
        if (isLoggable(record)) {
            String message = record.getParameters() == null ? record.getMessage()
                    : MessageFormat.format(record.getMessage(), record.getParameters());
            lines.add(record.getLevel() + " " + message);
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(previous);
    }
}
