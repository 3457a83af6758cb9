package io.fnpulse.runtime.loop;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** CallRecords in memory: what an input's path marked and committed, in order. */
final class FakeRecords implements CallRecords {

    record Committed(Optional<String> output, Optional<String> state, String status) {
    }

    final List<String> events = new ArrayList<>();
    final List<Committed> commits = new ArrayList<>();
    boolean refuseCommits;

    @Override
    public boolean markInFlight(String digest, int deaths) {
        events.add("inflight " + digest + " " + deaths);
        return true;
    }

    @Override
    public boolean commit(Optional<String> output, Optional<String> state, String status) {
        events.add("commit");
        if (refuseCommits) {
            return false;
        }
        commits.add(new Committed(output, state, status));
        return true;
    }

    @Override
    public void status(String status) {
        events.add("status");
    }

    Committed last() {
        return commits.get(commits.size() - 1);
    }
}
