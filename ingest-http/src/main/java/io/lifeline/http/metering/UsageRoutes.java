package io.lifeline.http.metering;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.lifeline.http.Edge;
import io.lifeline.http.Json;
import io.lifeline.http.query.KeyRouter;
import io.lifeline.http.query.LocalStores;
import io.lifeline.http.query.ScatterGather;
import io.lifeline.metering.MeteringKeys;
import io.lifeline.metering.UsageQuery;
import io.lifeline.metering.UsageReport;
import io.lifeline.metering.UsageRow;
import io.lifeline.schemas.StoreNames;
import io.lifeline.schemas.UsageBatch;
import io.lifeline.schemas.format.AvroJson;
import io.lifeline.schemas.internal.UsageWindow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Usage queries over the metering stores (DESIGN.md section 6.3): one series goes to the instance
 * that owns it; a tenant's series are spread over partitions, so those scatter and gather.
 */
final class UsageRoutes {

  private final Edge edge;
  private final Clock clock;
  private final LocalStores stores;
  private final KeyRouter router;
  private final ScatterGather scatter;

  UsageRoutes(Edge edge, Clock clock) {
    this.edge = edge;
    this.clock = clock;
    this.stores = new LocalStores(edge);
    this.router = new KeyRouter(edge);
    this.scatter = new ScatterGather(edge);
  }

  void usage(Context ctx) throws Exception {
    UsageQuery query = UsageParams.usage(ctx, clock.instant());
    if (query.singleSeries()) {
      router.route(ctx, StoreNames.METERING_WINDOWS, MeteringKeys.series(query.tenant(), query.sku(), query.unit()),
          local -> local.json(usageAnswer(query, List.of(localUsage(query)))));
      return;
    }
    ctx.json(usageAnswer(query, scatter.gather(ctx, () -> localUsage(query))));
  }

  void batches(Context ctx) throws Exception {
    Instant now = clock.instant();
    String tenant = UsageParams.name(ctx, "tenant", true);
    Instant from = UsageParams.time(ctx, "from", now.minus(Duration.ofDays(1)));
    Instant to = UsageParams.time(ctx, "to", now);
    UsageParams.ordered(from, to);
    List<JsonNode> parts = scatter.gather(ctx, () -> localBatches(tenant, from, to));
    List<JsonNode> all = new ArrayList<>();
    parts.forEach(part -> part.get("batches").forEach(all::add));
    all.sort(Comparator.comparing((JsonNode b) -> b.get("windowStart").asText())
        .thenComparing(b -> b.get("batchId").asText()));
    ObjectNode answer = Json.MAPPER.createObjectNode().put("tenant", tenant)
        .put("from", from.toString()).put("to", to.toString());
    answer.putArray("batches").addAll(all);
    ctx.json(answer);
  }

  private JsonNode localUsage(UsageQuery query) {
    ReadOnlyKeyValueStore<String, UsageWindow> windows =
        stores.store(StoreNames.METERING_WINDOWS, QueryableStoreTypes.keyValueStore());
    List<UsageRow> rows;
    if (query.singleSeries()) {
      String series = MeteringKeys.series(query.tenant(), query.sku(), query.unit());
      try (KeyValueIterator<String, UsageWindow> it = windows.range(
          MeteringKeys.window(series, query.from().toEpochMilli()), MeteringKeys.window(series, query.to().toEpochMilli()))) {
        rows = UsageReport.rows(values(it), query);
      }
    } else {
      try (KeyValueIterator<String, UsageWindow> it = windows.prefixScan(query.prefix(), new StringSerializer())) {
        rows = UsageReport.rows(values(it), query);
      }
    }
    ObjectNode part = Json.MAPPER.createObjectNode();
    ArrayNode list = part.putArray("windows");
    rows.forEach(row -> list.add(row(row)));
    return part;
  }

  private JsonNode localBatches(String tenant, Instant from, Instant to) {
    ReadOnlyKeyValueStore<String, UsageBatch> batches =
        stores.store(StoreNames.METERING_BATCHES, QueryableStoreTypes.keyValueStore());
    ObjectNode part = Json.MAPPER.createObjectNode();
    ArrayNode list = part.putArray("batches");
    try (KeyValueIterator<String, UsageBatch> it = batches.prefixScan(MeteringKeys.prefix(tenant), new StringSerializer())) {
      it.forEachRemaining(kv -> {
        Instant start = kv.value.getWindowStart();
        if (kv.value.getTenant().equals(tenant) && !start.isBefore(from) && start.isBefore(to)) {
          list.add(AvroJson.toJson(kv.value));
        }
      });
    }
    return part;
  }

  private static ObjectNode usageAnswer(UsageQuery query, List<JsonNode> parts) {
    List<JsonNode> rows = new ArrayList<>();
    parts.forEach(part -> part.get("windows").forEach(rows::add));
    rows.sort(Comparator.comparing((JsonNode r) -> r.get("tenant").asText() + '|' + r.get("sku").asText() + '|'
        + r.get("unit").asText()).thenComparing(r -> r.get("windowStart").asText()));
    ObjectNode answer = Json.MAPPER.createObjectNode().put("tenant", query.tenant()).put("sku", query.sku())
        .put("unit", query.unit()).put("window", query.granularity().name())
        .put("from", query.from().toString()).put("to", query.to().toString());
    answer.putArray("windows").addAll(rows);
    return answer;
  }

  private static ObjectNode row(UsageRow row) {
    return Json.MAPPER.createObjectNode()
        .put("tenant", row.tenant()).put("sku", row.sku()).put("unit", row.unit())
        .put("windowStart", row.windowStart().toString()).put("windowEnd", row.windowEnd().toString())
        .put("total", row.total().stripTrailingZeros())
        .put("count", row.count())
        .put("firstPulseAt", row.firstPulseAt().toString()).put("lastPulseAt", row.lastPulseAt().toString())
        .put("final", row.isFinal());
  }

  private static java.util.Iterator<UsageWindow> values(KeyValueIterator<String, UsageWindow> it) {
    return new java.util.Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public UsageWindow next() {
        return it.next().value;
      }
    };
  }
}
