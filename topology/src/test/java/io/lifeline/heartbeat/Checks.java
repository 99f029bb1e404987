package io.lifeline.heartbeat;

import io.lifeline.schemas.CheckDefinition;
import io.lifeline.schemas.Ping;
import io.lifeline.schemas.PingKind;
import java.time.Instant;

/** Test fixtures: definitions and pings with readable defaults. */
public final class Checks {

  public static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private Checks() {}

  public static CheckDefinition.Builder definition(String uuid, long timeoutSeconds, long graceSeconds) {
    return CheckDefinition.newBuilder().setUuid(uuid).setName("job " + uuid).setTimeoutSeconds(timeoutSeconds)
        .setGraceSeconds(graceSeconds).setCreatedAt(T0).setUpdatedAt(T0);
  }

  public static Ping ping(String uuid, PingKind kind, Instant at) {
    return ping(uuid, kind, at, null);
  }

  public static Ping ping(String uuid, PingKind kind, Instant at, String rid) {
    return Ping.newBuilder().setCheckUuid(uuid).setKind(kind).setReceivedAt(at).setRid(rid).build();
  }
}
