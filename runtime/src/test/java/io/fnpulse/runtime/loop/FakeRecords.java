package io.fnpulse.runtime.loop;

import io.fnpulse.runtime.state.Writes;
import java.util.ArrayList;
import java.util.List;

/** CallRecords in memory: what an input's path marked and committed, in order. */
final class FakeRecords implements CallRecords {

    final List<String> events = new ArrayList<>();
    final List<Writes> commits = new ArrayList<>();
    boolean refuseCommits;

    @Override
    public boolean markInFlight(String digest, String streamId, int deaths) {
        events.add("inflight " + digest + (streamId.isEmpty() ? "" : " " + streamId) + " " + deaths);
        return true;
    }

    @Override
    public String markerFor(String digest, String streamId, int deaths) {
        return "marker " + digest + " " + streamId + " " + deaths;
    }

    @Override
    public boolean commit(Writes writes) {
        events.add("commit");
        if (refuseCommits) {
            return false;
        }
        commits.add(writes);
        return true;
    }

    Writes last() {
        return commits.get(commits.size() - 1);
    }

    String lastStatus() {
        return last().status().orElseThrow();
    }
}
