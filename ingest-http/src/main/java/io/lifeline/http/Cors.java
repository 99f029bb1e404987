package io.lifeline.http;

import io.javalin.http.Handler;

/** The management APIs answer browsers from any origin, as healthchecks does; the API key is the guard. */
public final class Cors {

  private Cors() {}

  public static Handler allow(Handler handler) {
    return ctx -> {
      ctx.header("Access-Control-Allow-Origin", "*");
      ctx.header("Access-Control-Allow-Headers", "X-Api-Key, Content-Type");
      ctx.header("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
      handler.handle(ctx);
    };
  }
}
