package org.jvs.heartbeat.daemon;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.jvs.heartbeat.cluster.Job;
import org.jvs.heartbeat.cluster.JobExecutor;
import org.jvs.heartbeat.cluster.JobOutcome;
import org.jvs.heartbeat.cluster.JobRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs resource jobs one at a time on a dedicated thread, in submission order, and hands each
 * outcome to {@code done} (which posts it to the conductor). Resource scripts block for seconds; the
 * conductor must keep heartbeating meanwhile. Thread-safe.
 */
final class SerialJobRunner implements JobRunner, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SerialJobRunner.class);

    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final Thread worker;

    SerialJobRunner(JobExecutor executor, Consumer<JobOutcome> done) {
        this.worker = Thread.ofPlatform().name("hb-resources").daemon().start(() -> {
            try {
                while (true) {
                    Job job = queue.take();
                    JobOutcome outcome;
                    try {
                        outcome = executor.run(job);
                    } catch (RuntimeException e) {
                        // A bug in one job must not stop later ones; heartbeat's child would have died.
                        LOG.error("Resource job {} failed", job, e);
                        outcome = JobOutcome.done(job);
                    }
                    done.accept(outcome);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    public void submit(Job job) {
        queue.add(job);
    }

    @Override
    public void close() {
        worker.interrupt();
    }
}
