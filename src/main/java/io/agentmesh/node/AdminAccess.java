package io.agentmesh.node;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sets up administration at start (docs/operations.md, "Security" and "Admin Center"): writes the
 * administrator credentials file that server.xml includes ({@link AdminCredentials}), logs where the
 * credentials are (a generated password once, at AUDIT, since the file keeps only its hash; never another
 * password), then adds the dashboard to the Admin Center toolbox
 * ({@link AdminCenterToolbox}) in the background, retrying until Liberty has picked up the file and
 * opened HTTPS, for at most {@link #BOOKMARK_PATIENCE}.
 */
@ApplicationScoped
public class AdminAccess {

    private static final Logger LOG = Logger.getLogger(AdminAccess.class.getName());

    static final Duration BOOKMARK_PATIENCE = Duration.ofMinutes(3);
    private static final Duration RETRY_DELAY = Duration.ofSeconds(2);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    @Inject
    MeshConfig config;

    @Inject
    SecureRandom random;

    @Inject
    Clock clock;

    @Inject
    NodeThreads threads;

    private ScheduledExecutorService scheduler;

    /** Writes the credentials file and starts adding the toolbox bookmark. */
    void start() {
        AdminSettings settings = config.admin();
        AdminCredentials.Credentials credentials = new AdminCredentials(config.node().dataDir(), random, clock)
                .apply(settings);
        String console = "https://" + config.node().probeHost() + ":" + config.node().httpsPort() + "/adminCenter/";
        String message = switch (credentials.passwordSource()) {
            case GENERATED -> "Generated the password {3} for the administrator ''{0}''; it is shown this once, {1} "
                    + "keeps only its hash. Log in to the Admin Center at {2}";
            case CONFIGURED -> "The administrator ''{0}'' has the password set by mesh.admin.password; credentials "
                    + "file {1}. Admin Center: {2}";
            case STORED -> "The administrator ''{0}'' has the password whose hash is stored in {1}. Admin Center: {2}";
        };
        // a generated password must be found, and the file keeps only its hash: its one line goes to the console too
        boolean generated = credentials.passwordSource() == AdminCredentials.Source.GENERATED;
        LOG.log(generated ? AuditLevel.AUDIT : Level.INFO, message, new Object[] {credentials.user(), credentials.file(),
                console, generated ? credentials.password().orElseThrow() : ""});
        if (settings.toolboxBookmark()) {
            credentials.password().ifPresentOrElse(password -> startBookmark(credentials, password),
                    () -> LOG.log(Level.FINE, "Admin Center toolbox: the stored password is a hash; the bookmark "
                            + "added at the first start stays"));
        }
    }

    private void startBookmark(AdminCredentials.Credentials credentials, String password) {
        URI base = URI.create("https://" + NodeSettings.hostForUrl(config.node().probeHost()) + ":"
                + config.node().httpsPort());
        AdminCenterToolbox toolbox = new AdminCenterToolbox(base, credentials.user(), password,
                credentials.keystore(), credentials.keystorePassword(), REQUEST_TIMEOUT);
        Instant deadline = clock.instant().plus(BOOKMARK_PATIENCE);
        synchronized (this) {
            scheduler = threads.timer("agentmesh-admin-center-bookmark");
            scheduler.schedule(() -> attempt(toolbox, deadline), 0, TimeUnit.MILLISECONDS);
        }
    }

    private void attempt(AdminCenterToolbox toolbox, Instant deadline) {
        AdminCenterToolbox.Attempt attempt = toolbox.addDashboard();
        switch (attempt.outcome()) {
            case DONE -> LOG.log(Level.INFO, "Admin Center toolbox: bookmark ''{0}'' to {1} in place",
                    new Object[] {AdminCenterToolbox.NAME, AdminCenterToolbox.URL});
            case ABSENT -> LOG.log(Level.FINE, "Admin Center not installed; no toolbox bookmark");
            case RETRY -> {
                if (clock.instant().isAfter(deadline)) {
                    LOG.log(Level.WARNING, "Could not add the dashboard to the Admin Center toolbox ({0}); add it by "
                            + "hand: toolbox, Add bookmark, name ''{1}'', URL {2}",
                            new Object[] {attempt.detail(), AdminCenterToolbox.NAME, AdminCenterToolbox.URL});
                } else {
                    LOG.log(Level.FINE, "Admin Center toolbox not reachable yet: {0}", attempt.detail());
                    reschedule(() -> attempt(toolbox, deadline));
                }
            }
        }
    }

    private synchronized void reschedule(Runnable task) {
        if (scheduler != null && !scheduler.isShutdown()) {
            scheduler.schedule(task, RETRY_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
