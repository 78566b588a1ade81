package org.taplease.core.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.taplease.core.internal.jna.Fcntl;
import org.taplease.core.internal.jna.Stat;
import org.taplease.core.internal.jna.Unistd;

import com.sun.jna.Platform;

/** The Linux layouts of struct flock and struct statx, and the bindings against this machine's kernel. */
class FcntlStatTest {

    @Test
    void linuxLayouts() {
        Fcntl.LinuxFlock fl = new Fcntl.LinuxFlock();
        assertThat(fl.size()).isEqualTo(32);
        assertThat(fl.offsetOf("l_start")).isEqualTo(8);
        assertThat(fl.offsetOf("l_len")).isEqualTo(16);
        assertThat(fl.offsetOf("l_pid")).isEqualTo(24);
        Stat.Statx st = new Stat.Statx();
        assertThat(st.size()).isEqualTo(256);
        assertThat(st.offsetOf("stx_nlink")).isEqualTo(16);
        assertThat(st.offsetOf("stx_uid")).isEqualTo(20);
        assertThat(st.offsetOf("stx_mode")).isEqualTo(28);
        assertThat(st.offsetOf("stx_ino")).isEqualTo(32);
        assertThat(st.offsetOf("stx_mtime")).isEqualTo(112);
        assertThat(st.offsetOf("stx_dev_major")).isEqualTo(136);
    }

    @Test
    void fstatAndStatAtSeeWhatJavaSees(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "x");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        Files.createSymbolicLink(dir.resolve("link"), f);
        Files.createLink(dir.resolve("hard"), f);
        int dfd = Fcntl.open(dir.toString(), Fcntl.O_RDONLY | Fcntl.O_DIRECTORY | Fcntl.O_CLOEXEC);
        try {
            Stat.FileStat d = Stat.fstat(dfd);
            assertThat(d.isDirectory()).isTrue();
            assertThat(d.ino()).isEqualTo(Files.getAttribute(dir, "unix:ino"));
            Stat.FileStat s = Stat.statAtOrNull(dfd, "f");
            assertThat(s.isRegular()).isTrue();
            assertThat(s.permissions()).isEqualTo(0640);
            assertThat(s.nlink()).isEqualTo(2);
            assertThat(s.uid()).isEqualTo(Files.getAttribute(f, "unix:uid"));
            assertThat(s.ino()).isEqualTo(Files.getAttribute(f, "unix:ino"));
            assertThat(Stat.statAtOrNull(dfd, "link").isSymlink()).as("not followed").isTrue();
            assertThat(Stat.statAtOrNull(dfd, "missing")).isNull();
            assertThat(Fcntl.openatOrMinusOne(dfd, "link", Fcntl.O_RDONLY | Fcntl.O_NOFOLLOW)).isEqualTo(-1);
            int fd = Fcntl.openat(dfd, "f", Fcntl.O_RDWR | Fcntl.O_CLOEXEC, 0);
            try {
                assertThat(Stat.fstat(fd).ino()).isEqualTo(s.ino());
                assertThat(Fcntl.tryWriteLock(fd)).isTrue();
                assertThat(Fcntl.writeLockedByOther(fd)).as("this process's own lock is not reported").isFalse();
            } finally {
                Unistd.close(fd);
            }
        } finally {
            Unistd.close(dfd);
        }
        assertThat(Platform.isLinux()).isTrue();
    }
}
