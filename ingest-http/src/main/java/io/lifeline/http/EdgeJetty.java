package io.lifeline.http;

import io.javalin.config.JettyConfig;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.server.handler.ThreadLimitHandler;

/**
 * The Jetty under the edge, set for hostile clients (see {@link HttpLimits}): the connector with its
 * idle timeout and request-head deadline; a bound on open connections; bodies read without a thread
 * before routing ({@link WholeBodies}); a bound on one client address's requests in processing; and
 * errors as JSON ({@link JsonErrorHandler}). The handlers run outermost first: whole bodies, then the
 * per-client bound, so a client slow to send its body holds no permit of its address.
 */
final class EdgeJetty {

  private EdgeJetty() {}

  static void configure(JettyConfig jetty, HttpSettings settings, HttpLimits limits) {
    jetty.modifyServer(server -> {
      server.setErrorHandler(new JsonErrorHandler());
      server.addBean(new NetworkConnectionLimit(limits.maxConnections(), server));
      ThreadLimitHandler perClient = new ThreadLimitHandler();
      perClient.setThreadLimit(limits.maxRequestsPerClient());
      server.insertHandler(perClient);
      server.insertHandler(new EagerContentHandler(new WholeBodies(settings.ingestBodyLimit(), limits.minRequestRate(),
          limits.headerTimeout())));
    });
    jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JsonErrorHandler()));
    jetty.addConnector((server, http) -> {
      ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
      connector.setHost(settings.host());
      connector.setPort(settings.port());
      connector.setIdleTimeout(limits.idleTimeout().toMillis());
      connector.addBean(new HeaderDeadline(connector, limits.headerTimeout()));
      return connector;
    });
  }
}
