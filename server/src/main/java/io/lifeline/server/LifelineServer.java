package io.lifeline.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code main}: configuration from the environment, one instance, a shutdown hook, and an exit code that means something. */
public final class LifelineServer {

  private static final Logger log = LoggerFactory.getLogger(LifelineServer.class);

  private LifelineServer() {}

  public static void main(String[] args) {
    Lifeline lifeline;
    ServerConfig config;
    try {
      config = ServerConfig.fromEnv(System.getenv());
      lifeline = Lifeline.start(config, LifelineServer::fatal);
    } catch (ServerConfig.InvalidConfig | StartupFailure e) {
      log.error("cannot start: {}", e.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(lifeline::close, "lifeline-shutdown"));
    log.info("Lifeline is up: dashboard {}/ , ready at {}/health/ready", config.publicBaseUrl(), config.publicBaseUrl());
  }

  /** The streams died: exit so that a supervisor, or the user, sees it and restarts. */
  private static void fatal(Throwable cause) {
    log.error("Kafka Streams failed; exiting: {}", cause.toString());
    new Thread(() -> System.exit(1), "lifeline-fatal-exit").start();
  }
}
