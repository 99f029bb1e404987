package io.lifeline.tools;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A flame graph as a table: where a JFR recording's CPU samples went, by thread group (what runs the
 * work), by the method on top of the stack (self time), and by Lifeline and library frames anywhere on
 * the stack (inclusive time). Prints markdown, so a benchmark part can put a profile next to its figures.
 */
@Command(name = "profile-summary", mixinStandardHelpOptions = true, description = "Summarise a JFR recording's CPU samples as markdown.")
public final class ProfileSummary implements Runnable {

  /** Thread names carry a counter or an instance suffix; the group is the name without them. */
  private static final Pattern THREAD_NUMBERS = Pattern.compile("[-_]?\\d+(?=$|[-_])|-[0-9a-f]{8}-[0-9a-f-]{27}");

  @Parameters(index = "0", description = "the .jfr file") Path recording;
  @Option(names = "--top", description = "rows per table") int top = 12;
  @Option(names = "--methods-of", description = "count methods only in thread groups containing this") String methodsOf = "";
  @Option(names = "--inclusive-prefix", description = "frames counted inclusively: methods of classes starting with these",
      split = ",") List<String> inclusivePrefixes = List.of("io.lifeline.", "io.javalin.router.", "org.rocksdb.",
      "org.apache.avro.", "com.fasterxml.jackson.databind.ObjectMapper.", "org.apache.kafka.clients.producer.KafkaProducer.",
      "org.apache.kafka.streams.processor.internals.StreamTask.", "io.micrometer.");

  public static void main(String[] args) {
    System.exit(new CommandLine(new ProfileSummary()).execute(args));
  }

  @Override
  public void run() {
    Map<String, Integer> byThread = new HashMap<>();
    Map<String, Integer> bySelf = new HashMap<>();
    Map<String, Integer> byInclusive = new HashMap<>();
    int samples = 0;
    int methodSamples = 0;
    try (RecordingFile file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        RecordedEvent event = file.readEvent();
        if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
          continue;
        }
        samples++;
        String group = threadGroup(event);
        byThread.merge(group, 1, Integer::sum);
        if (!group.contains(methodsOf)) {
          continue;
        }
        methodSamples++;
        RecordedStackTrace stack = event.getStackTrace();
        if (!stack.getFrames().isEmpty()) {
          bySelf.merge(method(stack.getFrames().get(0)), 1, Integer::sum);
        }
        Set<String> seen = new HashSet<>();
        for (RecordedFrame frame : stack.getFrames()) {
          String method = method(frame);
          if (inclusivePrefixes.stream().anyMatch(method::startsWith) && seen.add(method)) {
            byInclusive.merge(method, 1, Integer::sum);
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + recording, e);
    }
    System.out.printf("%d CPU samples (JFR `jdk.ExecutionSample`, `settings=profile`: one every 10 ms per running thread).%n%n", samples);
    table("thread group", "share of samples", byThread, samples);
    String of = methodsOf.isEmpty() ? "" : " of the `" + methodsOf + "` threads";
    table("method on top of the stack (self)", "share" + of, bySelf, methodSamples);
    table("method anywhere on the stack (inclusive)", "share" + of, byInclusive, methodSamples);
  }

  private void table(String what, String share, Map<String, Integer> counts, int samples) {
    System.out.printf("| %s | %s |%n|---|---|%n", what, share);
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(top)
        .forEach(e -> System.out.printf("| `%s` | %.1f%% |%n", e.getKey(), 100.0 * e.getValue() / Math.max(1, samples)));
    System.out.println();
  }

  private static String threadGroup(RecordedEvent event) {
    var thread = event.getThread("sampledThread");
    String name = thread == null || thread.getJavaName() == null ? "(native)" : thread.getJavaName();
    return THREAD_NUMBERS.matcher(name).replaceAll("");
  }

  private static String method(RecordedFrame frame) {
    if (frame.getMethod() == null) {
      return "(unknown)";
    }
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }
}
