package io.fnpulse.runtime.load;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body written to a file, cancelled as soon as it passes a size limit: the declared Content-Length is
 * checked first, the bytes that really arrive are counted after that.
 */
final class LimitedDownload implements HttpResponse.BodySubscriber<Path> {

    /** The body is, or says it will be, larger than the limit. */
    static final class TooLargeException extends IOException {
        TooLargeException(long limit) {
            super("larger than " + Limits.mebibytes(limit));
        }
    }

    private final Path file;
    private final long limit;
    private final long declaredLength;
    private final CompletableFuture<Path> body = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private FileChannel channel;
    private long received;

    LimitedDownload(Path file, long limit, long declaredLength) {
        this.file = file;
        this.limit = limit;
        this.declaredLength = declaredLength;
    }

    @Override
    public CompletionStage<Path> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (declaredLength > limit) {
            fail(new TooLargeException(limit));
            return;
        }
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            fail(e);
            return;
        }
        subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (body.isDone()) {
            return;
        }
        try {
            for (ByteBuffer buffer : buffers) {
                received += buffer.remaining();
                if (received > limit) {
                    fail(new TooLargeException(limit));
                    return;
                }
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
            subscription.request(1);
        } catch (IOException e) {
            fail(e);
        }
    }

    @Override
    public void onError(Throwable error) {
        closeChannel();
        body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        try {
            if (channel != null) {
                channel.close();
            }
            body.complete(file);
        } catch (IOException e) {
            body.completeExceptionally(e);
        }
    }

    private void fail(Throwable error) {
        subscription.cancel();
        closeChannel();
        body.completeExceptionally(error);
    }

    private void closeChannel() {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // the download has already failed; the staging folder is deleted with the failure
        }
    }
}
