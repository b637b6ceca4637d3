package syncer

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/spacetime/tickets/pkg/connector"
	"github.com/spacetime/tickets/pkg/tickets"
)

// Syncer runs the sync of one datasource instance. Start it once; Stop it when Grafana disposes the instance.
type Syncer struct {
	conn    connector.Connector
	store   Store
	cfg     Config
	system  string
	explain func(error) string
	log     log.Logger

	mu          sync.Mutex
	status      Status
	coveredFrom time.Time
	lastPolled  time.Time // Redmine-clock high-water mark used by the last poll

	// restored is set while the store holds a snapshot the first poll has not caught up with yet: that poll
	// also reloads the severities and widens the covered range to the window.
	restored  bool
	snapErr   string // the last snapshot write failure, logged once
	ready     chan struct{}
	readyOnce sync.Once
	// serving is closed once queries should not wait for the backfill: it is done, or the store holds the
	// part of an interrupted one its snapshot recorded.
	serving     chan struct{}
	servingOnce sync.Once
	rangeMu     sync.Mutex // one out-of-window fetch or reconciliation at a time

	bf       *Backfill // what the backfill has left to load (nil: none under way); guarded by mu
	pollFrom time.Time // the first poll after a backfill reads changes from here (when it began); guarded by mu

	cancel context.CancelFunc
	done   chan struct{}
}

// New returns a syncer that fills store from conn. system names the ticket system in notices; explain turns
// a connector error into one sentence for users (it must not contain secrets).
func New(conn connector.Connector, store Store, cfg Config, system string, explain func(error) string, logger log.Logger) *Syncer {
	return &Syncer{
		conn: conn, store: store, cfg: cfg.withDefaults(), system: system, explain: explain, log: logger,
		status:  Status{State: StateBackfilling},
		ready:   make(chan struct{}),
		serving: make(chan struct{}),
		done:    make(chan struct{}),
	}
}

// KeepSnapshots makes the sync keep the store on disk through p; call it before Start.
func (s *Syncer) KeepSnapshots(p Persister) { s.cfg.Snapshot = p }

// Start begins the backfill and the polling in the background.
func (s *Syncer) Start() {
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	go func() {
		defer close(s.done)
		s.run(ctx)
	}()
}

// Stop ends the sync and waits for its goroutine.
func (s *Syncer) Stop() {
	if s.cancel == nil {
		return
	}
	s.cancel()
	<-s.done
}

// WaitReady waits up to wait for the backfill to finish; it reports whether it has.
func (s *Syncer) WaitReady(ctx context.Context, wait time.Duration) bool {
	return waitClosed(ctx, wait, s.ready)
}

// WaitServing waits up to wait until the store is worth answering from: the backfill is done, or the
// snapshot of an interrupted one is loaded. It reports whether it is.
func (s *Syncer) WaitServing(ctx context.Context, wait time.Duration) bool {
	return waitClosed(ctx, wait, s.serving)
}

func waitClosed(ctx context.Context, wait time.Duration, ch <-chan struct{}) bool {
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-ch:
		return true
	case <-t.C:
	case <-ctx.Done():
	}
	return false
}

// markReady says the backfill is done (or a finished snapshot is loaded).
func (s *Syncer) markReady() {
	s.readyOnce.Do(func() { close(s.ready) })
	s.markServing()
}

func (s *Syncer) markServing() { s.servingOnce.Do(func() { close(s.serving) }) }

// Status returns a snapshot of the sync.
func (s *Syncer) Status() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.status
	st.Tickets = s.store.Len()
	st.CoveredFrom = ms(s.coveredFrom)
	return st
}

// Notice says how old the data is and why when it is not fresh, else "".
func (s *Syncer) Notice() string {
	return staleNotice(s.Status(), s.system, s.cfg.Now())
}

func (s *Syncer) run(ctx context.Context) {
	if s.restore() {
		s.markReady()
		s.pollLoop(ctx, 0, time.Time{})
		return
	}
	// Here the store is empty, or holds the part of an interrupted backfill the snapshot recorded.
	backoff := firstBackoff
	for {
		err := s.backfill(ctx)
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			return
		}
		state := StateError
		if s.store.Len() > 0 {
			state = StateDegraded
		}
		s.failed(err, state)
		if !sleep(ctx, s.retryWait(err, &backoff)) {
			return
		}
	}
	s.markReady()
	s.save()
	s.pollLoop(ctx, s.pollWait(), s.cfg.Now())
}

// restore loads the snapshot, if there is a usable one, and reports whether it holds a finished backfill.
// A snapshot of an unfinished backfill is served while the backfill goes on from where it stopped.
func (s *Syncer) restore() bool {
	if s.cfg.Snapshot == nil {
		return false
	}
	savedAt, coveredFrom, ok := s.cfg.Snapshot.Load()
	if !ok {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if left := s.cfg.Snapshot.Unfinished(); left != nil {
		s.bf = left.resumed(s.cfg.Now())
		s.status.SnapshotAt = ms(maxTime(savedAt, left.Recorded)) // its latest record
		s.markServing()
		return false
	}
	s.coveredFrom, s.restored = coveredFrom, true
	s.status.State, s.status.SnapshotAt, s.status.LastSuccess = StateCatchingUp, ms(savedAt), ms(savedAt)
	return true
}

// save writes the whole store to the snapshot.
func (s *Syncer) save() {
	if s.cfg.Snapshot == nil {
		return
	}
	s.mu.Lock()
	covered := s.coveredFrom
	s.mu.Unlock()
	s.persisted(s.cfg.Snapshot.Save(covered))
}

// persist records changes in the snapshot's change log.
func (s *Syncer) persist(dims []tickets.Dimension, ts []tickets.Ticket, deleted []string, coveredFrom time.Time) {
	if s.cfg.Snapshot != nil {
		s.persisted(s.cfg.Snapshot.Append(dims, ts, deleted, coveredFrom))
	}
}

// persisted records whether a snapshot write worked: a failure keeps the data source working from memory.
func (s *Syncer) persisted(err error) {
	msg := ""
	if err != nil {
		msg = "Snapshots cannot be written (" + err.Error() + "): the data source works from memory, and a restart loads every ticket again."
	}
	s.mu.Lock()
	s.status.SnapshotProblem = msg
	changed := msg != s.snapErr
	s.snapErr = msg
	s.mu.Unlock()
	if changed && msg != "" && s.log != nil {
		s.log.Warn("Ticket snapshot not written", "system", s.system, "error", err.Error())
	}
}

// pollLoop polls for changes after wait, then every poll interval, and reconciles deletions once
// ReconcileInterval has passed since lastReconcile (zero: at the first successful poll).
func (s *Syncer) pollLoop(ctx context.Context, wait time.Duration, lastReconcile time.Time) {
	backoff := firstBackoff
	for sleep(ctx, wait) {
		err := s.poll(ctx)
		if err == nil && s.cfg.Now().Sub(lastReconcile) >= s.cfg.ReconcileInterval {
			err = s.Reconcile(ctx)
			if err == nil {
				lastReconcile = s.cfg.Now()
			}
		}
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			s.failed(err, StateDegraded)
			wait = min(s.retryWait(err, &backoff), jitter(s.cfg.PollInterval))
			if ra, ok := connector.RetryAfter(err); ok {
				wait = ra
			}
			continue
		}
		backoff = firstBackoff
		wait = s.pollWait()
	}
}

// pollWait is the time to the next poll: the poll interval (jittered), no shorter than the connector's
// floor (connector.PollPacer: polls that cost a request per repository), stretched when the system's
// rate-limit budget runs low so that polls use at most half of what is left and queries keep the rest.
func (s *Syncer) pollWait() time.Duration {
	wait := jitter(max(s.cfg.PollInterval, connector.MinPollIntervalThrough(s.conn)))
	br, ok := s.conn.(connector.BudgetReporter)
	if !ok {
		return wait
	}
	b := br.Budget()
	now := s.cfg.Now()
	if b.Observed.IsZero() || b.Remaining < 0 || !b.Reset.After(now) {
		return wait
	}
	left := b.Reset.Sub(now)
	switch {
	case b.Remaining == 0:
		return max(wait, left)
	case b.Near:
		return max(wait, min(left, left/time.Duration(max(b.Remaining/2, 1))))
	}
	return wait
}

// poll upserts the tickets changed since the high-water mark minus the overlap.
func (s *Syncer) poll(ctx context.Context) error {
	since := s.store.MaxUpdated()
	s.mu.Lock()
	if since.IsZero() {
		since = s.coveredFrom // nothing loaded yet: changes since the window began
	}
	if !s.pollFrom.IsZero() && s.pollFrom.Before(since) {
		// The first poll after a backfill: a slice loaded early may have changed while later ones loaded
		// newer changes (or while the plugin was down, for a backfill resumed from the snapshot).
		since = s.pollFrom
	}
	s.mu.Unlock()
	since = since.Add(-s.cfg.Overlap)
	s.mu.Lock()
	restored := s.restored
	s.mu.Unlock()
	if restored {
		sev, err := s.conn.Severities(ctx)
		if err != nil {
			return err
		}
		s.store.SetSeverities(sev)
	}
	var dims []tickets.Dimension
	var changed []tickets.Ticket
	var gone []string
	deleted := 0
	err := s.conn.Changed(ctx, since, func(p connector.Page) error {
		s.store.Upsert(p.Dimensions, p.Tickets)
		dims, changed = mergeDimensions(dims, p.Dimensions), append(changed, p.Tickets...)
		if len(p.Deleted) > 0 {
			deleted += s.store.Delete(p.Deleted...)
			gone = append(gone, p.Deleted...)
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.persist(dims, changed, gone, time.Time{})
	s.mu.Lock()
	s.lastPolled, s.pollFrom = since, time.Time{}
	s.status.Polls++
	s.status.Deleted += deleted
	s.succeededLocked()
	s.restored = false
	s.mu.Unlock()
	if restored {
		// A snapshot made with a shorter sync window: load the rest of the window now.
		if _, err := s.EnsureFrom(ctx, s.cfg.Now().Add(-s.cfg.Window)); err != nil {
			return err
		}
	}
	return nil
}

// Reconcile drops tickets the system no longer has: it lists the ids opened in the covered range and asks
// the system about every stored id missing from that listing before deleting it.
func (s *Syncer) Reconcile(ctx context.Context) error {
	rc, ok := s.conn.(connector.Reconciler)
	if !ok {
		return nil
	}
	s.rangeMu.Lock()
	defer s.rangeMu.Unlock()
	s.mu.Lock()
	from := s.coveredFrom
	s.mu.Unlock()
	began := s.cfg.Now()
	listed := map[string]bool{}
	err := s.conn.Opened(ctx, from, began.Add(24*time.Hour), func(p connector.Page) error {
		for i := range p.Tickets {
			listed[p.Tickets[i].Identity()] = true
		}
		return nil
	})
	if err != nil {
		return err
	}
	var missing []string
	// Every stored id missing from the listing is asked about again before it is deleted, so tickets opened
	// while the listing ran are safe.
	for _, id := range s.store.IDsOpenedBetween(from, began.Add(24*time.Hour)) {
		if !listed[id] {
			missing = append(missing, id)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	exist, err := rc.Existing(ctx, missing)
	if err != nil {
		return err
	}
	var gone []string
	for _, id := range missing {
		if !exist[id] {
			gone = append(gone, id)
		}
	}
	n := s.store.Delete(gone...)
	s.persist(nil, nil, gone, time.Time{})
	s.mu.Lock()
	s.status.Deleted += n
	s.mu.Unlock()
	return nil
}

// EnsureFrom loads tickets opened from `from` up to the covered range, once, so queries over older ranges
// answer from the store. It returns a notice when part of the range cannot be served.
func (s *Syncer) EnsureFrom(ctx context.Context, from time.Time) (string, error) {
	s.rangeMu.Lock()
	defer s.rangeMu.Unlock()
	s.mu.Lock()
	covered := s.coveredFrom
	s.mu.Unlock()
	if covered.IsZero() || !from.Before(covered) {
		return "", nil
	}
	// A whole minute, as the window's start: the next older load ends here (see newBackfill).
	from = from.Truncate(time.Minute)
	notice := ""
	limit := s.cfg.Now().Add(-s.cfg.MaxHistory).Truncate(time.Minute)
	if from.Before(limit) {
		from = limit
		notice = "Tickets opened more than " + humanAge(s.cfg.MaxHistory) + " ago are not loaded; the results start at " + limit.UTC().Format(time.RFC3339) + "."
		if !from.Before(covered) {
			return notice, nil
		}
	}
	var dims []tickets.Dimension
	var loaded []tickets.Ticket
	err := s.conn.Opened(ctx, from, covered, func(p connector.Page) error {
		s.store.Upsert(p.Dimensions, p.Tickets)
		dims, loaded = mergeDimensions(dims, p.Dimensions), append(loaded, p.Tickets...)
		return nil
	})
	if err != nil {
		return notice, err
	}
	s.persist(dims, loaded, nil, from)
	s.mu.Lock()
	s.coveredFrom = from
	s.mu.Unlock()
	return notice, nil
}

func (s *Syncer) succeededLocked() {
	s.status.State = StateReady
	s.status.SnapshotAt = 0
	s.status.LastSuccess = ms(s.cfg.Now())
	s.status.LastError, s.status.LastErrorAt = "", 0
}

func (s *Syncer) failed(err error, state string) {
	msg := s.explain(err)
	s.mu.Lock()
	s.status.State = state
	s.status.LastError = msg
	s.status.LastErrorAt = ms(s.cfg.Now())
	s.mu.Unlock()
	if s.log != nil {
		s.log.Warn("Ticket sync failed", "system", s.system, "error", msg)
	}
}

func (s *Syncer) retryWait(err error, backoff *time.Duration) time.Duration {
	if ra, ok := connector.RetryAfter(err); ok {
		return ra
	}
	w := *backoff
	*backoff = min(*backoff*2, maxBackoff)
	return w
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// jitter spreads polls of Grafana replicas over ±10 % of the interval.
func jitter(d time.Duration) time.Duration {
	return d + time.Duration((rand.Float64()*0.2-0.1)*float64(d)) // #nosec G404 -- spreading polls needs no secure randomness
}

// Connector returns the connector the syncer reads from.
func (s *Syncer) Connector() connector.Connector { return s.conn }
