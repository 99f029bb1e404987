package io.lifeline.delivery.channel;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * One HTTP request to a channel's target: the SSRF guard first, then the request with a bound on
 * its time. Redirects are not followed, since a redirect could lead the request past the guard.
 */
public final class HttpTransport {

  /** The header every outbound request carries: the alert id or the batch id. */
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private final HttpClient client;
  private final TargetGuard guard;
  private final Duration timeout;

  public HttpTransport(TargetGuard guard, Duration timeout) {
    this.guard = guard;
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** A request to a user's target: refused unless the SSRF guard allows it. */
  public Outcome send(URI target, HttpRequest.Builder request) {
    Optional<String> refused = guard.refusal(target);
    if (refused.isPresent()) {
      return Outcome.permanentFailure(null, null, "refused by the SSRF guard: " + refused.get());
    }
    return sendTrusted(target, request);
  }

  /** A request to a target the operator configured (the Telegram API base), which the guard does not judge. */
  public Outcome sendTrusted(URI target, HttpRequest.Builder request) {
    try {
      HttpResponse<String> answer = client.send(request.uri(target).timeout(timeout)
          .header("User-Agent", "Lifeline").build(), HttpResponse.BodyHandlers.ofString());
      return Outcome.ofHttp(answer.statusCode(), answer.body());
    } catch (HttpTimeoutException e) {
      return Outcome.transientFailure(null, null, "no answer within " + timeout.toMillis() + " ms");
    } catch (IOException e) {
      return Outcome.transientFailure(null, null, e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.transientFailure(null, null, "interrupted");
    } catch (IllegalArgumentException e) {
      return Outcome.permanentFailure(null, null, "the request cannot be made: " + e.getMessage());
    }
  }

  public TargetGuard guard() {
    return guard;
  }
}
