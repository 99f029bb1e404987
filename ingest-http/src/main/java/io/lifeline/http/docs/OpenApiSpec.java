package io.lifeline.http.docs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lifeline.http.Json;
import java.util.List;

/**
 * Lifeline's public HTTP API as an OpenAPI 3.1 document: the ping API, the healthchecks-compatible
 * management API at v1, v2 and v3, badges, channels, the process facade, ingest, usage and operations.
 * The instance-to-instance routes under {@code /internal/} are not public and not described.
 * {@code OpenApiCoverageTest} holds it to the routes the edge really serves, both ways.
 */
final class OpenApiSpec {

  private static final List<String> VERSIONS = List.of("v1", "v2", "v3");
  private static final String JSON = "application/json";
  private static final String TEXT = "text/plain";

  private final ObjectNode root = Json.MAPPER.createObjectNode();
  private final ObjectNode paths;

  private OpenApiSpec(String publicBaseUrl) {
    root.put("openapi", "3.1.0");
    root.putObject("info").put("title", "Lifeline").put("version", "1")
        .put("description", "Kafka-native heartbeat monitoring (healthchecks.io-compatible) and usage metering. "
            + "Paths take a trailing slash or not, as healthchecks' do. Errors are JSON: {\"error\",\"field\"} on "
            + "the healthchecks-compatible routes, application/problem+json elsewhere.");
    root.putArray("servers").addObject().put("url", publicBaseUrl);
    paths = root.putObject("paths");
    components();
  }

  static ObjectNode build(String publicBaseUrl) {
    OpenApiSpec spec = new OpenApiSpec(publicBaseUrl);
    spec.ping();
    VERSIONS.forEach(spec::management);
    spec.live();
    spec.badges();
    spec.process();
    spec.metering();
    spec.operations();
    return spec.root;
  }

  private void ping() {
    String signals = "start, fail, log, or an exit status 0..255";
    for (String method : List.of("get", "head", "post")) {
      op("/ping/{uuid}", method, "Ping API", "Success signal of the check with this uuid", Auth.NONE)
          .param("uuid", "the check's uuid").text(200, "OK: the ping is in Kafka").error(404).unavailable();
      op("/ping/{uuidOrPingKey}/{signalOrSlug}", method, "Ping API",
          "A signal (" + signals + ") by uuid, or a success by ping key and slug (?create=1 creates an unknown slug)",
          Auth.NONE).param("uuidOrPingKey", "the check's uuid, or the project's ping key")
          .param("signalOrSlug", "a signal, or the check's slug").query("rid", "a UUID pairing a start with its finish")
          .query("create", "1: create the check of an unknown slug").text(200, "OK").text(201, "Created")
          .error(400).error(404).error(409).unavailable();
      op("/ping/{pingKey}/{slug}/{signal}", method, "Ping API", "A signal (" + signals + ") by ping key and slug",
          Auth.NONE).param("pingKey", "the project's ping key").param("slug", "the check's slug")
          .param("signal", signals).query("rid", "a UUID pairing a start with its finish")
          .query("create", "1: create the check of an unknown slug").text(200, "OK").text(201, "Created")
          .error(400).error(404).error(409).unavailable();
    }
  }

  private void management(String v) {
    String api = "/api/" + v;
    String tag = "Management API " + v;
    op(api + "/checks", "get", tag, "List checks", Auth.READ).query("tag", "only checks with this tag (repeatable)")
        .query("slug", "only checks with this slug").json(200, "ChecksList").error(401);
    op(api + "/checks", "post", tag, "Create a check; with unique, update the check that matches instead", Auth.WRITE)
        .body("CheckSpec").json(201, "Check").json(200, "Check").error(400).error(401).unavailable();
    op(api + "/checks/{id}", "get", tag, "Get a check", Auth.READ).param("id", "uuid, or unique_key")
        .json(200, "Check").error(401).error(404);
    op(api + "/checks/{id}", "post", tag, "Update a check; absent fields are kept", Auth.WRITE).param("id", "uuid")
        .body("CheckSpec").json(200, "Check").error(400).error(401).error(404).unavailable();
    op(api + "/checks/{id}", "delete", tag, "Delete a check", Auth.WRITE).param("id", "uuid")
        .json(200, "Check").error(401).error(404).unavailable();
    op(api + "/checks/{id}/pause", "post", tag, "Pause a check, until resumed or until the given time",
        Auth.WRITE).param("id", "uuid").body("Pause").json(200, "Check").error(400).error(401).error(404).unavailable();
    op(api + "/checks/{id}/resume", "post", tag, "Resume a paused check as new", Auth.WRITE).param("id", "uuid")
        .json(200, "Check").error(401).error(404).error(409).unavailable();
    op(api + "/checks/{id}/pings", "get", tag, "The check's last 100 pings, newest first", Auth.WRITE)
        .param("id", "uuid").json(200, "PingsList").error(401).error(404);
    op(api + "/checks/{id}/pings/{n}/body", "get", tag, "The body a logged ping kept", Auth.WRITE)
        .param("id", "uuid").param("n", "the ping's n").text(200, "the body, verbatim").error(401).error(404);
    op(api + "/checks/{id}/flips", "get", tag, "The check's last 100 status changes, newest first", Auth.READ)
        .param("id", "uuid, or unique_key").query("seconds", "only the last N seconds")
        .query("start", "only flips at or after this UNIX time").query("end", "only flips before this UNIX time")
        .query("format", "list: a bare list instead of {\"flips\": [...]}").json(200, "FlipsList").error(400)
        .error(401).error(404);
    op(api + "/checks/{id}/deliveries", "get", tag, "The last 100 delivery attempts of the check's alerts",
        Auth.READ).param("id", "uuid").json(200, "Object").error(401).error(404);
    op(api + "/stats", "get", tag, "Counts of checks by status, for the dashboard", Auth.READ).json(200, "Object")
        .error(401);
    op(api + "/status", "get", tag, "OK while the edge answers", Auth.NONE).text(200, "OK");
    op(api + "/badges", "get", tag, "Badge URLs of every tag and of all checks (*)", Auth.READ)
        .json(200, "BadgesList").error(401);
    op(api + "/channels", "get", tag, "List alert channels", Auth.READ).json(200, "ChannelsList").error(401);
    op(api + "/channels", "post", tag, "Create an alert channel", Auth.WRITE).body("Object").json(201, "Object")
        .error(400).error(401).unavailable();
    op(api + "/channels/{id}", "get", tag, "Get a channel", Auth.READ).param("id", "channel id").json(200, "Object")
        .error(401).error(404);
    op(api + "/channels/{id}", "post", tag, "Update a channel", Auth.WRITE).param("id", "channel id")
        .body("Object").json(200, "Object").error(400).error(401).error(404).unavailable();
    op(api + "/channels/{id}", "delete", tag, "Delete a channel", Auth.WRITE).param("id", "channel id")
        .json(200, "Object").error(401).error(404).unavailable();
    op(api + "/channels/{id}/test", "post", tag, "Send a test message through the channel now", Auth.WRITE)
        .param("id", "channel id").json(200, "Object").error(401).error(404);
    op(api + "/channels/{id}/deliveries", "get", tag, "The last delivery attempts through the channel", Auth.READ)
        .param("id", "channel id").json(200, "Object").error(401).error(404);
  }

  /** What the dashboard needs beyond healthchecks' API: live flips and a schedule's next runs. */
  private void live() {
    String tag = "Management API v3";
    op("/api/v3/events/stream", "get", tag, "Server-sent events: ready, then one flip event per flip committed from "
        + "then on ({uuid, from, to, reason, at}); send Accept: text/event-stream", Auth.READ)
        .eventStream().error(401).error(406);
    op("/api/v3/schedule", "get", tag, "A schedule judged as a check's would be, with its next five runs",
        Auth.READ).query("schedule", "cron or OnCalendar, required").query("tz", "IANA zone, default UTC")
        .json(200, "Object").error(400).error(401);
  }

  private void badges() {
    String formats = "svg (image/svg+xml), json or shields (a shields.io endpoint)";
    op("/badge/{badgeProject}/{badgeFile}", "get", "Badges", "Badge of all checks", Auth.NONE)
        .param("badgeProject", "the project badge key").param("badgeFile", "<signature>.<fmt>, fmt: " + formats)
        .badge().error(404);
    op("/badge/{badgeProject}/{signature}/{tagFile}", "get", "Badges", "Badge of the checks with a tag", Auth.NONE)
        .param("badgeProject", "the project badge key")
        .param("signature", "the tag's signature; ending in -2: two states (up, down), else three (up, late, down)")
        .param("tagFile", "<tag>.<fmt>, fmt: " + formats).badge().error(404);
    op("/b/{states}/{checkBadgeFile}", "get", "Badges", "Badge of one check (its badge_url)", Auth.NONE)
        .param("states", "2 (up, down) or 3 (up, late, down)").param("checkBadgeFile", "<badge key>.<fmt>, fmt: " + formats)
        .badge().error(404);
  }

  private void process() {
    for (String lifetime : List.of("short-lived", "long-lived")) {
      op("/process/" + lifetime, "post", "Process facade", "Register a " + lifetime + " process", Auth.WRITE)
          .body("Object").json(200, "Object").error(400).error(401).unavailable();
    }
    op("/heartbeat/{processId}", "post", "Process facade", "A process's heartbeat", Auth.NONE)
        .param("processId", "as registration answered").json(200, "Object").error(404).unavailable();
    op("/heartbeat/{processId}", "delete", "Process facade", "Remove a process", Auth.WRITE)
        .param("processId", "as registration answered").json(200, "Object").error(401).error(404).unavailable();
    op("/heartbeat/status", "get", "Process facade", "Every process", Auth.READ).json(200, "Object").error(401);
    op("/heartbeat/active-status", "get", "Process facade", "The processes alive now", Auth.READ)
        .json(200, "Object").error(401);
  }

  private void metering() {
    String keys = "With INGEST_API_KEYS set: Authorization: Bearer <key> or X-Api-Key.";
    op("/ingest", "post", "Metering", "One pulse in the original format. " + keys, Auth.INGEST).body("OriginalPulse")
        .json(202, "Accepted").problem(400).problem(401).problem(413).problem(415).problem(429).unavailable();
    op("/api/v1/pulses", "post", "Metering", "One pulse, a JSON array, or NDJSON (application/x-ndjson). " + keys,
        Auth.INGEST).body("Pulse").json(202, "Accepted").problem(400).problem(401).problem(413).problem(415)
        .problem(429).unavailable();
    op("/api/v1/events", "post", "Metering", "CloudEvents: structured, batch or binary mode; subject is the tenant. "
        + keys, Auth.INGEST).body("Object").noContent().problem(400).problem(401).problem(413).problem(415)
        .problem(429).unavailable();
    op("/api/v1/usage", "get", "Metering", "Totals per window, open windows included", Auth.READ)
        .query("tenant", "required").query("sku", "").query("unit", "").query("from", "ISO-8601")
        .query("to", "ISO-8601").query("window", "HOUR or DAY").json(200, "Object").problem(400).problem(401);
    op("/api/v1/usage/tenants", "get", "Metering", "Every tenant with metered usage, with the SKU and unit of each "
        + "of its series", Auth.READ).json(200, "Object").problem(401);
    op("/api/v1/usage/batches", "get", "Metering", "The batches emitted for a tenant's windows that start in "
        + "[from, to), each with its delivery to the billing sink", Auth.READ)
        .query("tenant", "required").query("from", "ISO-8601").query("to", "ISO-8601").json(200, "BatchesList")
        .problem(400).problem(401);
  }

  private void operations() {
    op("/health/live", "get", "Operations", "The process answers", Auth.NONE).json(200, "Object");
    op("/health/ready", "get", "Operations", "Ready: Kafka answers and the streams run; else 503 with waitingFor",
        Auth.NONE).json(200, "Object").json(503, "Object");
    op("/metrics", "get", "Operations", "Prometheus metrics", Auth.NONE).text(200, "Prometheus text format");
    op("/openapi.json", "get", "Operations", "This document", Auth.NONE).json(200, "Object");
    op("/docs", "get", "Operations", "This document, rendered", Auth.NONE).html();
  }

  private enum Auth { NONE, READ, WRITE, INGEST }

  private Operation op(String path, String method, String tag, String summary, Auth auth) {
    ObjectNode item = paths.has(path) ? (ObjectNode) paths.get(path) : paths.putObject(path);
    ObjectNode o = item.putObject(method);
    o.putArray("tags").add(tag);
    o.put("summary", summary);
    o.put("operationId", method + path.replaceAll("[^A-Za-z0-9]+", "_"));
    switch (auth) {
      case NONE -> o.putArray("security");
      case READ -> o.put("description", "Either API key (X-Api-Key).");
      case WRITE -> o.put("description", "The read-write API key (X-Api-Key, or api_key in the JSON body).");
      case INGEST -> o.putArray("security").addObject().putArray("ingestKey");
      default -> { }
    }
    o.putObject("responses");
    return new Operation(o);
  }

  /** Adds parameters, a body and responses to one operation. */
  private static final class Operation {
    private final ObjectNode o;

    Operation(ObjectNode o) {
      this.o = o;
    }

    Operation param(String name, String description) {
      parameters().addObject().put("name", name).put("in", "path").put("required", true)
          .put("description", description).putObject("schema").put("type", "string");
      return this;
    }

    Operation query(String name, String description) {
      parameters().addObject().put("name", name).put("in", "query").put("description", description)
          .putObject("schema").put("type", "string");
      return this;
    }

    Operation body(String schema) {
      o.putObject("requestBody").putObject("content").putObject(JSON).putObject("schema")
          .put("$ref", "#/components/schemas/" + schema);
      return this;
    }

    Operation json(int status, String schema) {
      response(status, schema, JSON, "#/components/schemas/" + schema);
      return this;
    }

    Operation text(int status, String description) {
      ObjectNode r = responses().putObject(String.valueOf(status)).put("description", description);
      r.putObject("content").putObject(TEXT).putObject("schema").put("type", "string");
      return this;
    }

    Operation eventStream() {
      responses().putObject("200").put("description", "an endless stream of events").putObject("content")
          .putObject("text/event-stream").putObject("schema").put("type", "string");
      return this;
    }

    Operation html() {
      responses().putObject("200").put("description", "HTML").putObject("content").putObject("text/html")
          .putObject("schema").put("type", "string");
      return this;
    }

    Operation badge() {
      ObjectNode content = responses().putObject("200").put("description", "the badge").putObject("content");
      content.putObject("image/svg+xml").putObject("schema").put("type", "string");
      ArrayNode oneOf = content.putObject(JSON).putObject("schema").putArray("oneOf");
      oneOf.addObject().put("$ref", "#/components/schemas/Badge");
      oneOf.addObject().put("$ref", "#/components/schemas/ShieldsBadge");
      return this;
    }

    Operation noContent() {
      responses().putObject("204").put("description", "every event is in Kafka");
      return this;
    }

    Operation error(int status) {
      response(status, describe(status), JSON, "#/components/schemas/Error");
      return this;
    }

    Operation problem(int status) {
      response(status, describe(status), "application/problem+json", "#/components/schemas/Problem");
      return this;
    }

    /** Kafka did not acknowledge the write, or state is moving between instances: retry after Retry-After. */
    Operation unavailable() {
      response(503, "Kafka did not acknowledge: nothing was written; retry after Retry-After", JSON,
          "#/components/schemas/Error");
      return this;
    }

    private void response(int status, String description, String type, String ref) {
      ObjectNode r = responses().has(String.valueOf(status)) ? (ObjectNode) responses().get(String.valueOf(status))
          : responses().putObject(String.valueOf(status)).put("description", description);
      ObjectNode content = r.has("content") ? (ObjectNode) r.get("content") : r.putObject("content");
      content.putObject(type).putObject("schema").put("$ref", ref);
    }

    private ObjectNode responses() {
      return (ObjectNode) o.get("responses");
    }

    private ArrayNode parameters() {
      return o.has("parameters") ? (ArrayNode) o.get("parameters") : o.putArray("parameters");
    }

    private static String describe(int status) {
      return switch (status) {
        case 400 -> "a bad field or parameter, named in the answer; nothing was written";
        case 401 -> "a missing or wrong key";
        case 404 -> "not found";
        case 406 -> "the client does not accept what this route answers (Accept)";
        case 409 -> "conflict (an ambiguous slug; a resume of a check that is not paused)";
        case 413 -> "the body is over the limit";
        case 415 -> "an unsupported content type";
        case 429 -> "rate-limited; retry after Retry-After";
        default -> "error";
      };
    }
  }

  private void components() {
    ObjectNode components = root.putObject("components");
    ObjectNode security = components.putObject("securitySchemes");
    security.putObject("apiKey").put("type", "apiKey").put("in", "header").put("name", "X-Api-Key");
    security.putObject("ingestKey").put("type", "http").put("scheme", "bearer");
    root.putArray("security").addObject().putArray("apiKey");
    ObjectNode s = components.putObject("schemas");
    s.putObject("Object").put("type", "object");
    schema(s, "Error", "healthchecks-style error", "error:string", "field:string");
    schema(s, "Problem", "RFC 9457 problem", "type:string", "title:string", "status:integer", "detail:string",
        "errors:array");
    schema(s, "CheckSpec", "check fields; all optional", "name:string", "slug:string", "tags:string",
        "desc:string", "timeout:integer", "grace:integer", "schedule:string", "tz:string", "manual_resume:boolean",
        "methods:string", "channels:string", "unique:array", "start_kw:string", "success_kw:string",
        "failure_kw:string", "filter_subject:boolean", "filter_body:boolean", "filter_http_body:boolean",
        "filter_default_fail:boolean", "subject:string", "subject_fail:string", "max_runtime:integer",
        "realert_every:integer", "failure_threshold:integer", "maintenance:array", "api_key:string");
    schema(s, "Check", "a check, with healthchecks' names", "name:string", "slug:string", "tags:string",
        "desc:string", "grace:integer", "n_pings:integer", "status:string", "started:boolean", "last_ping:string",
        "next_ping:string", "manual_resume:boolean", "methods:string", "subject:string", "subject_fail:string",
        "start_kw:string", "success_kw:string", "failure_kw:string", "filter_subject:boolean",
        "filter_body:boolean", "filter_http_body:boolean", "filter_default_fail:boolean", "badge_url:string",
        "last_duration:integer", "timeout:integer", "schedule:string", "tz:string", "max_runtime:integer",
        "realert_every:integer", "failure_threshold:integer", "failures:integer", "paused_until:string",
        "maintenance:array", "uuid:string", "ping_url:string", "update_url:string", "pause_url:string",
        "resume_url:string", "channels:string", "unique_key:string");
    schema(s, "Pause", "optional body of a pause", "until:string");
    list(s, "ChecksList", "checks", "Check");
    schema(s, "Ping", "a logged ping", "type:string", "date:string", "n:integer", "scheme:string",
        "remote_addr:string", "method:string", "ua:string", "rid:string", "exitstatus:integer", "duration:number",
        "body_url:string");
    list(s, "PingsList", "pings", "Ping");
    schema(s, "Flip", "a status change", "timestamp:string", "up:integer", "from:string", "to:string",
        "reason:string", "failures:integer");
    list(s, "FlipsList", "flips", "Flip");
    schema(s, "Channel", "an alert channel", "id:string", "name:string", "kind:string");
    list(s, "ChannelsList", "channels", "Channel");
    s.putObject("BadgesList").put("type", "object").put("description", "tag -> {svg, svg3, json, json3, shields, shields3}")
        .putObject("properties").putObject("badges").put("type", "object");
    schema(s, "Badge", "badge JSON", "status:string", "total:integer", "grace:integer", "down:integer");
    schema(s, "ShieldsBadge", "shields.io endpoint", "schemaVersion:integer", "label:string", "message:string",
        "color:string");
    schema(s, "OriginalPulse", "the original pulse format", "tenant_id:string", "product_sku:string",
        "used_amount:number", "use_unity:string", "id:string", "timestamp:string");
    schema(s, "Pulse", "a pulse", "id:string", "tenant:string", "sku:string", "amount:number", "unit:string",
        "timestamp:string", "attributes:object");
    schema(s, "Accepted", "every pulse is in Kafka", "accepted:integer", "ids:array");
    schema(s, "SinkDelivery", "the batch's delivery to BATCH_SINK_URL: status delivered, pending (the sink is set "
        + "and has not taken it yet), failed, or not_configured (no sink is set); attempts, and the HTTP status and "
        + "time of the latest attempt (null before the first)", "status:string", "attempts:integer",
        "httpStatus:integer", "at:string");
    schema(s, "Batch", "a billing batch, as the sink receives it, with its delivery", "batchId:string",
        "tenant:string", "sku:string", "unit:string", "windowStart:string", "windowEnd:string", "total:number",
        "count:integer", "firstPulseAt:string", "lastPulseAt:string", "kind:string", "emittedAt:string");
    ((ObjectNode) s.get("Batch").get("properties")).putObject("delivery").put("$ref", "#/components/schemas/SinkDelivery");
    list(s, "BatchesList", "batches", "Batch");
  }

  private static void schema(ObjectNode schemas, String name, String description, String... fields) {
    ObjectNode props = schemas.putObject(name).put("type", "object").put("description", description)
        .putObject("properties");
    for (String field : fields) {
      String[] f = field.split(":");
      props.putObject(f[0]).put("type", f[1]);
    }
  }

  private static void list(ObjectNode schemas, String name, String field, String item) {
    schemas.putObject(name).put("type", "object").putObject("properties").putObject(field).put("type", "array")
        .putObject("items").put("$ref", "#/components/schemas/" + item);
  }
}
