package io.fnpulse.runtime.loop;

import io.fnpulse.runtime.state.InFlight;
import io.fnpulse.runtime.state.LazyText;
import io.fnpulse.runtime.state.Writes;
import io.fnpulse.service.function.ErrorReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** CallRecords in memory: what an input's path marked and committed, in order. */
final class FakeRecords implements CallRecords {

    final List<String> events = new ArrayList<>();
    final List<Writes> commits = new ArrayList<>();
    boolean refuseCommits;

    /** "digest[ first[..last]] recorded/unexplained", as the events and markers show a marker's calls. */
    static String describe(InFlight.Calling calling) {
        String ids = calling.streamId().isEmpty()
                ? ""
                : " " + calling.streamId()
                        + (calling.lastStreamId().equals(calling.streamId()) ? "" : ".." + calling.lastStreamId());
        return calling.digest() + ids + " " + calling.deaths().recorded() + "/"
                + calling.deaths().unexplained();
    }

    @Override
    public boolean markInFlight(InFlight.Calling calling) {
        events.add("inflight " + describe(calling));
        return true;
    }

    @Override
    public String markerFor(InFlight.Calling calling, Optional<ErrorReport> cause) {
        return "marker " + describe(calling)
                + cause.map(why -> " cause " + why.type()).orElse("");
    }

    @Override
    public boolean recordDeath(InFlight.Calling calling, ErrorReport cause) {
        events.add("died " + describe(calling) + " " + cause.type());
        return true;
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
        return last().status().orElseThrow().get();
    }

    Optional<String> lastState() {
        return last().state().map(LazyText::get);
    }
}
