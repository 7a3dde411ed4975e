package dev.forgewatch.splunk.hec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The batches HEC accepted on one channel and has not acknowledged yet, by ack id. Splunk numbers a
 * channel's batches itself, and an id names one batch: an id given twice in a run means two batches
 * would share one acknowledgement (several HEC instances behind a load balancer without sticky
 * sessions, or an instance that restarted and forgot the channel). That is refused, never an
 * overwrite, so no batch can drop out of the pending set without being confirmed or sent again.
 *
 * @param <B> a batch
 */
final class PendingAcks<B> {
    private final Map<Long, B> pending = new LinkedHashMap<>();
    /** Every id HEC gave on this channel in this run, acknowledged or not. */
    private final Set<Long> issued = new HashSet<>();

    /** Records a batch under its ack id; false (and nothing recorded) when HEC gave that id before. */
    boolean add(long ackId, B batch) {
        if (!issued.add(ackId)) {
            return false;
        }
        pending.put(ackId, batch);
        return true;
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    int size() {
        return pending.size();
    }

    /** The ids to ask about, oldest first. */
    List<Long> ids() {
        return new ArrayList<>(pending.keySet());
    }

    Collection<B> batches() {
        return pending.values();
    }

    B get(long ackId) {
        return pending.get(ackId);
    }

    /** Takes the batch out, acknowledged or given up on (to be sent again); null for an id not pending. */
    B remove(long ackId) {
        return pending.remove(ackId);
    }
}
