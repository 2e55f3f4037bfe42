package app.tandem.realtime;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The open sockets on this replica, by person. */
final class LiveSockets {
    private final Map<UUID, Set<LiveSocket>> byUser = new ConcurrentHashMap<>();

    void add(LiveSocket socket) {
        byUser.computeIfAbsent(socket.caller().subject(), k -> ConcurrentHashMap.newKeySet())
                .add(socket);
    }

    void remove(LiveSocket socket) {
        byUser.computeIfPresent(socket.caller().subject(), (k, set) -> {
            set.remove(socket);
            return set.isEmpty() ? null : set;
        });
    }

    Set<LiveSocket> of(UUID user) {
        return byUser.getOrDefault(user, Set.of());
    }

    List<LiveSocket> all() {
        return byUser.values().stream().flatMap(Set::stream).toList();
    }
}
