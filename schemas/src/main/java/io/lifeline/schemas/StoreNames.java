package io.lifeline.schemas;

/** State store names, shared by the topology that builds the stores and the queries that read them. */
public final class StoreNames {
  /** Global replica of check definitions on every instance: lets the edge answer 404 without a remote call. */
  public static final String CHECK_DEFINITIONS = "check-definitions";
  /** Slug lookup, {@code pingKey/slug -> uuid}, on every instance. */
  public static final String CHECK_SLUGS = "check-slugs";

  private StoreNames() {}
}
