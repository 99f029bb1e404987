package io.lifeline.tools;

import io.javalin.Javalin;

/** The reference for ping throughput: a Javalin handler that answers "OK" and does nothing else. */
public final class NoopServer {

  private NoopServer() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args.length > 0 ? args[0] : "18090");
    Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.jetty.port = port;
      cfg.routes.get("/ping/{uuid}", ctx -> ctx.result("OK"));
    }).start();
  }
}
