package io.lifeline.http.heartbeat;

import io.javalin.config.RoutesConfig;
import io.lifeline.http.Edge;

/** Ping API, management API and process facade (DESIGN.md section 5). */
public final class HeartbeatRoutes {

  private HeartbeatRoutes() {}

  public static void register(RoutesConfig routes, Edge edge) {}
}
