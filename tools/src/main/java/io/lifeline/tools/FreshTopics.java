package io.lifeline.tools;

import io.lifeline.streams.TopicProvisioner;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Deletes Lifeline topics and creates them again, empty. The bench parts share one broker: a part whose
 * figures grow with what the topics hold (state loaded at a restart, a meter's backlog) starts from
 * empty topics, not from what the parts before it wrote.
 */
@Command(name = "fresh-topics", mixinStandardHelpOptions = true)
public final class FreshTopics implements Callable<Integer> {

  @Option(names = "--bootstrap", required = true) String bootstrap;
  @Parameters(arity = "1..*", description = "the topics to empty") List<String> topics;

  public static void main(String[] args) {
    System.exit(new CommandLine(new FreshTopics()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      recreate(admin, topics);
    }
    return 0;
  }

  static void recreate(Admin admin, List<String> topics) throws Exception {
    Set<String> existing = admin.listTopics().names().get();
    List<String> present = topics.stream().filter(existing::contains).toList();
    admin.deleteTopics(present).all().get(30, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (admin.listTopics().names().get().stream().anyMatch(present::contains)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the topics " + present + " were not deleted within 60 s");
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    new TopicProvisioner(admin, 6, (short) 1).ensureTopics();
  }
}
