package io.lifeline.http;

import java.time.Duration;

/** What the edge needs of the configuration (DESIGN.md section 2; the variables are in the README). */
public record HttpSettings(
    String host,
    int port,
    String publicBaseUrl,
    Duration minPeriod,
    int pingBodyLimit,
    int ingestBodyLimit,
    int ingestRateLimit,
    Duration dedupRetention) {}
