package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"strconv"
	"time"
)

// CPU time and memory of one process, read from /proc (Linux only), so that
// each process's share is measured on its own: the servers under test, the
// fake upstream and the load generator.
type procStat struct {
	cpu time.Duration // user + system, all threads
	rss int64         // VmRSS, bytes
	hwm int64         // VmHWM (peak RSS since start or the last resetPeak), bytes
}

// readProc reads /proc/<pid>/stat and /proc/<pid>/status.
func readProc(pid int) (procStat, error) {
	var p procStat
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return p, err
	}
	// The command name, in parentheses, may hold spaces: count fields
	// from the last ')'. utime and stime are fields 14 and 15.
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 {
		return p, fmt.Errorf("pid %d: bad stat %q", pid, stat)
	}
	f := bytes.Fields(stat[i+1:])
	if len(f) < 13 {
		return p, fmt.Errorf("pid %d: bad stat %q", pid, stat)
	}
	utime, err1 := strconv.ParseInt(string(f[11]), 10, 64)
	stime, err2 := strconv.ParseInt(string(f[12]), 10, 64)
	if err1 != nil || err2 != nil {
		return p, fmt.Errorf("pid %d: bad stat %q", pid, stat)
	}
	p.cpu = time.Duration(utime+stime) * time.Second / time.Duration(clockTicks)

	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return p, err
	}
	p.rss = statusKiB(status, "VmRSS:") << 10
	p.hwm = statusKiB(status, "VmHWM:") << 10
	return p, nil
}

// statusKiB reads a "Name:   1234 kB" line.
func statusKiB(status []byte, name string) int64 {
	i := bytes.Index(status, []byte(name))
	if i < 0 {
		return 0
	}
	f := bytes.Fields(status[i+len(name):])
	if len(f) == 0 {
		return 0
	}
	n, _ := strconv.ParseInt(string(f[0]), 10, 64)
	return n
}

// resetPeak starts VmHWM afresh from the current RSS (writing 5 to
// clear_refs, Linux 4.0 and later), so a cell's peak is its own and not the
// largest of every cell before it. It reports whether that worked.
func resetPeak(pid int) bool {
	return os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0) == nil
}

// clockTicks is the unit of utime and stime (USER_HZ), read from the
// auxiliary vector the kernel gave this process (AT_CLKTCK).
var clockTicks = func() int64 {
	const atClktck = 17
	auxv, err := os.ReadFile("/proc/self/auxv")
	if err == nil && strconv.IntSize == 64 { // 64-bit entries
		for i := 0; i+16 <= len(auxv); i += 16 {
			if binary.NativeEndian.Uint64(auxv[i:]) == atClktck {
				if v := int64(binary.NativeEndian.Uint64(auxv[i+8:])); v > 0 {
					return v
				}
			}
		}
	}
	return 100 // USER_HZ on every Linux architecture Go runs on
}()
