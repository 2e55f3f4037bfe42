package app.tandem.soak;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The soak's result, printed: requests per kind, the 5xx rate, the sockets, the ledger; its exit code. */
final class Report {
    private Report() {}

    static int print(
            Traffic traffic,
            LiveSockets live,
            List<Ledger.Line> ledger,
            List<String> faults,
            int sharesOpened,
            boolean exported,
            Duration length) {
        Map<String, Client.Kind> kinds = traffic.client.byName();
        long answers = 0, serverErrors = 0, unanswered = 0;
        System.out.println();
        System.out.printf(
                "Tandem soak: %d s of a school morning, %d sockets%n%n", length.toSeconds(), live.phones.size());
        System.out.println("Faults:");
        faults.forEach(f -> System.out.println("  " + f));
        System.out.println();
        System.out.printf(
                "| %-15s | %9s | %5s | %5s | %10s | %8s |%n", "kind", "answers", "5xx", "4xx", "unanswered", "p99 ms");
        System.out.println("|-----------------|-----------|-------|-------|------------|----------|");
        for (Map.Entry<String, Client.Kind> e : kinds.entrySet()) {
            Client.Kind k = e.getValue();
            answers += k.answers.get();
            serverErrors += k.serverErrors.get();
            unanswered += k.unanswered.get();
            System.out.printf(
                    "| %-15s | %9d | %5d | %5d | %10d | %8d |%n",
                    e.getKey(),
                    k.answers.get(),
                    k.serverErrors.get(),
                    k.clientErrors.get(),
                    k.unanswered.get(),
                    k.p99Millis());
        }
        double rate = answers == 0 ? 0 : 100.0 * serverErrors / answers;
        System.out.printf(
                "%nRequests answered: %d, 5xx: %d (%.3f%%, goal < 0.1%%: %s); no replica answered: %d%n",
                answers, serverErrors, rate, rate < 0.1 ? "met" : "NOT met", unanswered);
        long reconnects = live.phones.stream().mapToLong(p -> p.reconnects).sum();
        long resyncs = live.phones.stream().mapToLong(p -> p.resyncs).sum();
        System.out.printf(
                "Sockets: %d open at the end of %d, %d reconnects (each resumed), %d told to resync%n",
                live.ready(), live.phones.size(), reconnects, resyncs);
        System.out.printf(
                "Shares opened from their emails: %d of %d; the family's export %s; messages never acknowledged: %d%n%n",
                sharesOpened,
                traffic.shareRecipients.size(),
                exported ? "downloaded" : "NOT downloaded",
                traffic.unsent.get());
        System.out.printf("| %-46s | %7s | %5s | %10s |%n", "ledger", "owed", "lost", "duplicated");
        System.out.println("|------------------------------------------------|---------|-------|------------|");
        long bad = 0;
        for (Ledger.Line line : ledger) {
            System.out.printf(
                    "| %-46s | %7d | %5d | %10d |%n", line.what(), line.owed(), line.lost(), line.duplicated());
            bad += line.lost() + line.duplicated();
        }
        bad += resyncs + traffic.unsent.get() + (exported ? 0 : 1) + (traffic.shareRecipients.size() - sharesOpened);
        System.out.println();
        System.out.println(bad == 0 ? "0 lost, 0 duplicated." : "LOST OR DUPLICATED: " + bad);
        return bad == 0 ? 0 : 1;
    }
}
