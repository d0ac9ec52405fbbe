package org.voicebot.testcalls.sim;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A simulated Stasis mixing bridge. Mutated only on the simulator's event loop. */
final class SimBridge {
    final String id;
    final String name;
    final long createdMillis;
    final String type;
    /** A holding bridge does not mix audio between its members. */
    final boolean holding;
    final List<SimChannel> channels = new ArrayList<>();
    /** Apps that heard of this bridge through a Stasis channel in it (they get BridgeDestroyed). */
    final Set<String> apps = new LinkedHashSet<>();
    final List<SimPlayback> playbacks = new ArrayList<>();

    SimBridge(String id, String name, String type, long createdMillis) {
        this.id = id;
        this.name = name;
        this.type = type;
        this.holding = "holding".equals(type);
        this.createdMillis = createdMillis;
    }

    List<String> channelIds() {
        return channels.stream().map(c -> c.id).toList();
    }
}
