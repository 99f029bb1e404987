package io.lifeline.http;

import io.lifeline.server.Readiness;
import io.lifeline.server.ServerConfig;
import io.lifeline.heartbeat.CheckReplica;
import io.lifeline.topology.StreamsRunner;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * What the HTTP routes work with. {@code streams} is null on an instance that does not run the
 * topology; {@code replica} (the edge's copy of every check definition) is null without the edge role.
 */
public record Edge(
    ServerConfig config,
    EdgeProducer producer,
    PrometheusMeterRegistry metrics,
    Readiness readiness,
    StreamsRunner streams,
    CheckReplica replica) {}
