package io.lifeline.http.heartbeat;

import io.javalin.config.RoutesConfig;
import io.lifeline.http.ApiAuth;
import io.lifeline.http.ApiKeys;
import io.lifeline.http.Edge;
import io.lifeline.http.query.KeyRouter;
import io.lifeline.http.query.ScatterGather;

/** Ping API, management API and process facade (DESIGN.md section 5). */
public final class HeartbeatRoutes {

  private HeartbeatRoutes() {}

  public static void register(RoutesConfig routes, Edge edge, ApiKeys keys, ApiAuth auth) {
    Replica replica = new Replica(edge.replica());
    HeartbeatState state = new HeartbeatState(edge);
    CheckCommands commands = new CheckCommands(edge, replica, state, keys.pingKey());
    CheckListing listing = new CheckListing(replica, state, new ScatterGather(edge));
    new PingApi(edge, replica, commands, keys).register(routes);
    new ManagementApi(edge, auth, replica, state, commands, listing, new KeyRouter(edge)).register(routes);
    new ProcessApi(edge, auth, replica, commands, listing, keys.pingKey()).register(routes);
  }
}
