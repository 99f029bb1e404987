package io.lifeline.http;

import io.lifeline.server.Readiness;
import io.lifeline.server.ServerConfig;
import io.lifeline.topology.StreamsRunner;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** What the HTTP routes work with. {@code streams} is null on an instance that does not run the topology. */
public record Edge(
    ServerConfig config,
    EdgeProducer producer,
    PrometheusMeterRegistry metrics,
    Readiness readiness,
    StreamsRunner streams) {}
