package io.lifeline.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A request's line and headers must arrive within a bound of their first byte. Jetty has no such
 * bound: its idle timeout restarts with every byte, so a client sending one byte every few seconds
 * holds a connection for ever, and when it finally gives up Jetty closes without a word. Here a
 * sweep finds connections whose request head is still incomplete after the bound and answers them
 * 408 (problem+json) before closing. A connection that is merely idle between requests is the idle
 * timeout's business.
 */
final class HeaderDeadline extends AbstractLifeCycle implements Connection.Listener {

  private static final String ANSWER_HEAD = "HTTP/1.1 408 Request Timeout\r\nContent-Type: " + Problems.CONTENT_TYPE
      + "\r\nConnection: close\r\nContent-Length: ";

  private final Connector connector;
  private final long timeoutNanos;
  private final Duration timeout;
  private final Map<HttpConnection, Progress> open = new ConcurrentHashMap<>();
  private volatile Scheduler.Task sweep;

  /** Where a connection was at the last sweep: its requests, its bytes, and since when a request head is pending. */
  private static final class Progress {
    long requests;
    long bytes;
    long headSince;
  }

  HeaderDeadline(Connector connector, Duration timeout) {
    this.connector = connector;
    this.timeout = timeout;
    this.timeoutNanos = timeout.toNanos();
  }

  @Override
  public void onOpened(Connection connection) {
    if (connection instanceof HttpConnection http) {
      open.put(http, new Progress());
    }
  }

  @Override
  public void onClosed(Connection connection) {
    open.remove(connection);
  }

  @Override
  protected void doStart() {
    schedule();
  }

  @Override
  protected void doStop() {
    Scheduler.Task task = sweep;
    if (task != null) {
      task.cancel();
    }
  }

  private void schedule() {
    if (isRunning() || isStarting()) {
      sweep = connector.getScheduler().schedule(this::sweep, Math.max(100, timeout.toMillis() / 5),
          TimeUnit.MILLISECONDS);
    }
  }

  private void sweep() {
    long now = System.nanoTime();
    try {
      open.forEach((connection, progress) -> {
        if (pastDeadline(connection, progress, now)) {
          open.remove(connection);
          answer408(connection.getEndPoint());
        }
      });
    } finally {
      schedule();
    }
  }

  private boolean pastDeadline(HttpConnection connection, Progress progress, long now) {
    long requests = connection.getMessagesIn();
    long bytes = connection.getBytesIn();
    if (connection.getHttpChannel().getRequest() != null || requests != progress.requests) {
      progress.requests = requests;
      progress.bytes = bytes;
      progress.headSince = 0;
      return false;
    }
    if (bytes == progress.bytes) {
      return false;
    }
    if (progress.headSince == 0) {
      progress.headSince = now;
      return false;
    }
    return now - progress.headSince >= timeoutNanos;
  }

  private void answer408(EndPoint endPoint) {
    byte[] body = Problems.bytes(408, "the request line and headers did not arrive within HTTP_HEADER_TIMEOUT ("
        + timeout + ")", null);
    byte[] head = (ANSWER_HEAD + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    endPoint.write(Callback.from(endPoint::close, endPoint::close), ByteBuffer.wrap(head), ByteBuffer.wrap(body));
  }
}
