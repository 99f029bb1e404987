package io.lifeline.http.query;

/** A supplier whose work may throw, such as reading a local store. */
@FunctionalInterface
public interface ThrowingSupplier<T> {
  T get() throws Exception;
}
