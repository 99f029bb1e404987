package io.lifeline.http;

import io.javalin.config.RoutesConfig;

/** A set of routes that turn HTTP into calls on ports; the server picks the groups its roles serve. */
public interface RouteGroup {

  void addTo(RoutesConfig routes);
}
