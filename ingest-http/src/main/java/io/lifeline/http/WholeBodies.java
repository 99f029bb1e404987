package io.lifeline.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * Reads the whole body of a request before any route runs, without holding a thread: bytes are read
 * as they arrive (Jetty's async I/O) and the routes, which read bodies blocking, get them from memory.
 * A client that trickles its body cannot pin one of the pool's threads, so a few hundred slow clients
 * cannot stall the edge. Jetty's {@code MinimumDataRateHandler} judges the rate from the very first
 * byte, so a pause before a small body would fail it; here the rate counts once the body has had as
 * long as a request head gets ({@code HTTP_HEADER_TIMEOUT}).
 * Refused here, each with a JSON error: a body over the limit (413), a body slower than the minimum
 * rate (408), a body that stops arriving (408, on the idle timeout) or whose framing is broken, such as
 * a bad chunk size (400).
 */
final class WholeBodies implements EagerContentHandler.ContentLoaderFactory {

  private final long limit;
  private final long minBytesPerSecond;
  private final long graceNanos;

  WholeBodies(long limit, long minBytesPerSecond, Duration grace) {
    this.limit = limit;
    this.minBytesPerSecond = minBytesPerSecond;
    this.graceNanos = grace.toNanos();
  }

  @Override
  public String getApplicableMimeType() {
    return null;
  }

  @Override
  public EagerContentHandler.ContentLoader newContentLoader(String contentType, String mimeType, Handler handler,
      Request request, Response response, Callback callback) {
    return new Loader(handler, request, response, callback);
  }

  private final class Loader extends EagerContentHandler.ContentLoader implements Invocable.Task {

    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final long started = System.nanoTime();

    Loader(Handler handler, Request request, Response response, Callback callback) {
      super(handler, request, response, callback);
    }

    @Override
    protected void load() {
      if (getRequest().getLength() > limit) {
        refuse(413, tooLarge());
        return;
      }
      read(false);
    }

    @Override
    public void run() {
      read(true);
    }

    @Override
    public InvocationType getInvocationType() {
      return InvocationType.NON_BLOCKING;
    }

    private void read(boolean fromDemand) {
      while (true) {
        Content.Chunk chunk = getRequest().read();
        if (chunk == null) {
          if (tooSlow()) {
            refuse(408, "the body arrived slower than " + minBytesPerSecond
                + " bytes per second (HTTP_MIN_REQUEST_RATE); send it faster or in smaller requests");
            return;
          }
          getRequest().demand(this);
          return;
        }
        if (Content.Chunk.isFailure(chunk)) {
          Throwable failure = chunk.getFailure();
          chunk.release();
          refuse(statusOf(failure), messageOf(failure));
          return;
        }
        ByteBuffer bytes = chunk.getByteBuffer();
        if (body.size() + (long) bytes.remaining() > limit) {
          chunk.release();
          refuse(413, tooLarge());
          return;
        }
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        body.writeBytes(copy);
        boolean last = chunk.isLast();
        chunk.release();
        if (last) {
          dispatch(fromDemand);
          return;
        }
      }
    }

    private boolean tooSlow() {
      long elapsed = System.nanoTime() - started;
      return minBytesPerSecond > 0 && elapsed > graceNanos
          && body.size() * 1_000_000_000.0 / elapsed < minBytesPerSecond;
    }

    /** From the demand callback, Jetty's I/O thread is running this; the routes block, so they get a pool thread. */
    private void dispatch(boolean fromDemand) {
      Request whole = new WholeBody(getRequest(), body.toByteArray());
      if (fromDemand) {
        getRequest().getContext().execute(() -> handle(whole, getResponse(), getCallback()));
      } else {
        handle(whole, getResponse(), getCallback());
      }
    }

    /** The rest of the body will not be read, so the connection cannot carry another request: close it. */
    private void refuse(int status, String message) {
      getResponse().getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
      Response.writeError(getRequest(), getResponse(), getCallback(), status, message);
    }

    private String tooLarge() {
      return "the body is larger than INGEST_BODY_LIMIT (" + limit + " bytes); split it into smaller requests";
    }
  }

  static int statusOf(Throwable failure) {
    if (failure instanceof HttpException http) {
      return http.getCode();
    }
    return failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException ? 408 : 400;
  }

  static String messageOf(Throwable failure) {
    if (failure instanceof HttpException http && http.getReason() != null) {
      return "the body could not be read: " + http.getReason();
    }
    if (statusOf(failure) == 408) {
      return "the body stopped arriving before it was complete (HTTP_IDLE_TIMEOUT)";
    }
    return "the body ended before it was complete";
  }

  /** The request with its body already read: one chunk, then the end. */
  private static final class WholeBody extends Request.Wrapper {
    private Content.Chunk content;

    WholeBody(Request request, byte[] body) {
      super(request);
      this.content = Content.Chunk.from(ByteBuffer.wrap(body), true);
    }

    @Override
    public Content.Chunk read() {
      Content.Chunk next = content;
      content = Content.Chunk.next(content);
      return next;
    }

    @Override
    public void demand(Runnable demandCallback) {
      demandCallback.run();
    }
  }
}
