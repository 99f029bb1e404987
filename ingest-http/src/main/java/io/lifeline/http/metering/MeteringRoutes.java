package io.lifeline.http.metering;

import io.javalin.config.RoutesConfig;
import io.lifeline.http.Edge;

/** Pulse ingest and usage queries (DESIGN.md section 6). */
public final class MeteringRoutes {

  private MeteringRoutes() {}

  public static void register(RoutesConfig routes, Edge edge) {}
}
