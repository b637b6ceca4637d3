// Command benchstore builds a synthetic ticket store (default 1,000,000 tickets, 10 dimensions) and prints
// its build time, heap bytes per ticket, and p50/p95 of the benchmark queries (wall time, and the p50 of
// the process's CPU time, which a shared machine disturbs less).
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/spacetime/tickets/pkg/engine/synthetic"
	"github.com/spacetime/tickets/pkg/snapshot"
	"github.com/spacetime/tickets/pkg/store"
)

func main() {
	n := flag.Int("n", 1_000_000, "tickets")
	runs := flag.Int("runs", 30, "runs per query")
	seed := flag.Uint64("seed", 1, "random seed")
	only := flag.String("only", "", "run only the queries whose name contains this text")
	snap := flag.Bool("snapshot", true, "also time a snapshot's write and load (a restart's first answer)")
	unique := flag.Bool("unique", false, "append likely-unique tokens (request ids, hosts, numbers, timestamps) to every description")
	loadProfile := flag.String("load-profile", "", "write a CPU profile of the snapshot's load to this file")
	flag.Parse()

	before := heapAfterGC()
	start := time.Now()
	s := store.New()
	synthetic.FillWith(s, *n, *seed, synthetic.Options{UniqueTokens: *unique})
	build := time.Since(start)
	heap := heapAfterGC() - before
	fmt.Printf("tickets %d, build %v, heap %.0f MB (%.0f bytes per ticket), GOMAXPROCS %d\n",
		s.Len(), build.Round(time.Millisecond), float64(heap)/1e6, float64(heap)/float64(*n), runtime.GOMAXPROCS(0))

	if *snap {
		benchSnapshot(s, *n, *loadProfile)
	}

	failed := false
	for _, sc := range synthetic.Scenarios() {
		if !strings.Contains(sc.Name, *only) {
			continue
		}
		times, cpus := make([]float64, 0, *runs), make([]float64, 0, *runs)
		for range *runs {
			t0, c0 := time.Now(), cpuTime()
			if err := sc.Run(s); err != nil {
				fmt.Fprintln(os.Stderr, sc.Name+":", err)
				os.Exit(1)
			}
			times = append(times, float64(time.Since(t0).Microseconds())/1000)
			cpus = append(cpus, float64((cpuTime()-c0).Microseconds())/1000)
		}
		slices.Sort(times)
		slices.Sort(cpus)
		p50, p95 := times[len(times)/2], times[len(times)*95/100]
		verdict := "ok"
		if p50 > sc.TargetMillis {
			verdict, failed = "OVER TARGET", true
		}
		fmt.Printf("%-50s p50 %7.1f ms  p95 %7.1f ms  cpu p50 %7.1f ms  (target p50 ≤ %.0f ms: %s)\n", sc.Name, p50, p95, cpus[len(cpus)/2], sc.TargetMillis, verdict)
	}
	runtime.KeepAlive(s)
	if failed {
		fmt.Println("some queries are over target")
	}
}

// cpuTime is the process's CPU time (user + system, all threads): on a machine others share, its p50
// moves far less than the wall time's, so two builds compare by it.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func heapAfterGC() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// benchSnapshot writes the store as a snapshot and loads it into a new store: the write time and size, and
// the time from a restart to the first answer.
func benchSnapshot(s *store.Store, n int, profile string) {
	dir, err := os.MkdirTemp("", "benchstore-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer func() { _ = os.RemoveAll(dir) }()
	quiet := quietLog{}
	t0 := time.Now()
	k := snapshot.New(dir, "bench", "fp", s, quiet)
	if err := k.Save(time.Now()); err != nil {
		fmt.Fprintln(os.Stderr, "snapshot:", err)
		os.Exit(1)
	}
	write := time.Since(t0)
	size, _ := k.Sizes()
	if profile != "" {
		f, err := os.Create(profile) // #nosec G304 -- the path is the user's flag
		if err == nil {
			_ = pprof.StartCPUProfile(f)
			defer pprof.StopCPUProfile()
		}
	}
	t0 = time.Now()
	loaded := store.New()
	if _, _, ok := snapshot.New(dir, "bench", "fp", loaded, quiet).Load(); !ok || loaded.Len() != s.Len() {
		fmt.Fprintln(os.Stderr, "snapshot did not load")
		os.Exit(1)
	}
	load := time.Since(t0)
	fmt.Printf("snapshot: write %v, %.0f MB (%.0f bytes per ticket); restart to first answer (load) %v\n",
		write.Round(time.Millisecond), float64(size)/1e6, float64(size)/float64(n), load.Round(time.Millisecond))
}

type quietLog struct{}

func (quietLog) Info(string, ...any) {}
func (quietLog) Warn(msg string, args ...any) {
	fmt.Fprintln(os.Stderr, append([]any{msg}, args...)...)
}
