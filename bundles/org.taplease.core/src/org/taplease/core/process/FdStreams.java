package org.taplease.core.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.jdt.annotation.NonNullByDefault;
import org.taplease.core.internal.jna.Unistd;

import com.sun.jna.LastErrorException;

/** Streams over raw pipe descriptors of a child started by {@link TapProcessBuilder}; closing closes the fd once. */
final class FdStreams {

    static final class In extends InputStream {
        private final int fd;
        private final AtomicBoolean closed = new AtomicBoolean();

        In(int fd) {
            this.fd = fd;
        }

        @Override
        public int read() throws IOException {
            byte[] b = new byte[1];
            return read(b, 0, 1) == 1 ? b[0] & 0xff : -1;
        }

        @Override
        @NonNullByDefault({}) // InputStream's parameters carry no null annotations
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (closed.get()) {
                throw new IOException("stream closed");
            }
            byte[] buf = off == 0 ? b : new byte[len];
            int n = Unistd.read(fd, buf, len);
            if (n < 0) {
                throw new IOException("read from the child's pipe failed");
            }
            if (n == 0) {
                return -1; // the child (and every copy of the write end) closed it
            }
            if (buf != b) {
                System.arraycopy(buf, 0, b, off, n);
            }
            return n;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                Unistd.closeQuietly(fd);
            }
        }
    }

    static final class Out extends OutputStream {
        private final int fd;
        private final AtomicBoolean closed = new AtomicBoolean();

        Out(int fd) {
            this.fd = fd;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] { (byte) b }, 0, 1);
        }

        @Override
        @NonNullByDefault({}) // OutputStream's parameters carry no null annotations
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed.get()) {
                throw new IOException("stream closed");
            }
            byte[] buf = off == 0 ? b : java.util.Arrays.copyOfRange(b, off, off + len);
            int done = 0;
            while (done < len) {
                byte[] rest = done == 0 ? buf : java.util.Arrays.copyOfRange(buf, done, len);
                try {
                    done += Unistd.write(fd, rest, len - done);
                } catch (LastErrorException e) {
                    throw new IOException("write to the child's pipe failed (errno " + e.getErrorCode() + ")", e);
                }
            }
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                Unistd.closeQuietly(fd);
            }
        }
    }

    private FdStreams() {
    }
}
