package io.lifeline.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors (a bad request line, a header block too large, a URI too long, a broken chunked
 * body, a timeout) answered like the routes' errors: problem+json, or healthchecks' {@code {"error"}}
 * on its routes, never an HTML page. An HTTP version Jetty does not speak is the client's fault: 400,
 * not 505.
 */
final class JsonErrorHandler extends ErrorHandler {

  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
      Callback callback) {
    int status = clientStatus(code);
    ErrorBodies.Body body = ErrorBodies.of(pathOf(request), status, fieldOf(status), detail(status, message));
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, body.contentType());
    response.write(true, ByteBuffer.wrap(body.bytes()), callback);
  }

  @Override
  public ByteBuffer badMessageError(int code, String reason, HttpFields.Mutable fields) {
    int status = clientStatus(code);
    ErrorBodies.Body body = ErrorBodies.of(null, status, fieldOf(status), detail(status, reason));
    fields.put(HttpHeader.CONTENT_TYPE, body.contentType());
    return ByteBuffer.wrap(body.bytes());
  }

  private static int clientStatus(int code) {
    return code == 505 ? 400 : code;
  }

  private static String fieldOf(int status) {
    return switch (status) {
      case 413 -> "body";
      case 414 -> "uri";
      case 431 -> "headers";
      default -> null;
    };
  }

  private static String detail(int status, String message) {
    String title = Problems.title(status);
    if (message == null || message.isBlank() || message.equals(title)) {
      return switch (status) {
        case 408 -> "the request did not arrive in time";
        case 414 -> "the request line is longer than the server reads";
        case 431 -> "the request headers are larger than the server reads";
        default -> title;
      };
    }
    return message;
  }

  private static String pathOf(Request request) {
    try {
      return Request.getPathInContext(request);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
