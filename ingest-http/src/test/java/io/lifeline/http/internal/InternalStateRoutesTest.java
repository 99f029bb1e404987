package io.lifeline.http.internal;

import static io.lifeline.http.fakes.Edge.RO;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeline.http.fakes.Edge;
import io.lifeline.http.fakes.FakeStates;
import io.lifeline.schemas.AvroSerde;
import io.lifeline.schemas.CheckStatus;
import io.lifeline.schemas.internal.CheckState;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What peers read: this instance's own state, as Avro records, behind the API key, 503 while it moves. */
class InternalStateRoutesTest {

  private static final String UUID = "0f3a9a3c-1111-4222-8333-444455556666";

  private final FakeStates states = new FakeStates();
  private final Edge edge = Edge.with(settings -> List.of(new InternalStateRoutes(states, Edge.AUTH)));

  @AfterEach
  void stop() {
    edge.close();
  }

  @Test
  void aPeerReadsAStateAsTheAvroRecordItIs() {
    CheckState state = CheckState.newBuilder().setUuid(UUID).setStatus(CheckStatus.UP).setNPings(7).build();
    states.states.put(UUID, state);
    JsonNode answer = Edge.json(edge.get("/internal/state/heartbeat/checks/" + UUID + "?version=42", RO));
    byte[] avro = Base64.getDecoder().decode(answer.get(0).get("avro").asText());
    assertThat(new AvroSerde<>(CheckState.class).decode(avro)).isEqualTo(state);
    assertThat(states.versionsAwaited).containsExactly(42L);
    assertThat(Edge.json(edge.get("/internal/state/heartbeat/checks/0f3a9a3c-0000-4222-8333-444455556666", RO)))
        .isEmpty();
  }

  @Test
  void onlyInstancesHoldingAKeyMayAskAndMovingStateIsA503() {
    assertThat(edge.get("/internal/state/heartbeat/checks", null).statusCode()).isEqualTo(401);
    assertThat(edge.get("/internal/state/metering/windows?tenant=acme", RO).statusCode()).isEqualTo(400);
    states.moving(true);
    assertThat(edge.get("/internal/state/heartbeat/checks", RO).statusCode()).isEqualTo(503);
  }
}
