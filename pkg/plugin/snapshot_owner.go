package plugin

import (
	"sync"
	"time"

	"github.com/spacetime/tickets/pkg/snapshot"
	"github.com/spacetime/tickets/pkg/syncer"
	"github.com/spacetime/tickets/pkg/tickets"
)

// ownedSnapshot is an instance's Persister over its snapshot files. Grafana disposes a replaced instance
// only seconds after its successor (new settings, same datasource) started on the same files, so the
// successor retires it first: from then on the old instance's polls write nothing there, and a restart never
// serves the old settings' tickets.
type ownedSnapshot struct {
	*snapshot.Keeper
	path string

	mu      sync.Mutex // held while a write is out, so that retire waits for it
	retired bool
}

var _ syncer.Persister = (*ownedSnapshot)(nil)

func (o *ownedSnapshot) write(f func() error) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.retired {
		return nil
	}
	return f()
}

func (o *ownedSnapshot) Save(coveredFrom time.Time) error {
	return o.write(func() error { return o.Keeper.Save(coveredFrom) })
}

func (o *ownedSnapshot) Append(dims []tickets.Dimension, ts []tickets.Ticket, deleted []string, coveredFrom time.Time) error {
	return o.write(func() error { return o.Keeper.Append(dims, ts, deleted, coveredFrom) })
}

func (o *ownedSnapshot) Backfilling(dims []tickets.Dimension, ts []tickets.Ticket, left syncer.Backfill) error {
	return o.write(func() error { return o.Keeper.Backfilling(dims, ts, left) })
}

func (o *ownedSnapshot) retire() {
	o.mu.Lock()
	o.retired = true
	o.mu.Unlock()
}

// snapshotOwners is the instance writing each snapshot path, in this plugin process.
var snapshotOwners = struct {
	sync.Mutex
	byPath map[string]*ownedSnapshot
}{byPath: map[string]*ownedSnapshot{}}

// own makes o the only writer of its files, retiring the instance that wrote them before (after its write
// in progress, if any). Call it before o's sync loads the files.
func (o *ownedSnapshot) own() {
	snapshotOwners.Lock()
	prev := snapshotOwners.byPath[o.path]
	snapshotOwners.byPath[o.path] = o
	snapshotOwners.Unlock()
	if prev != nil && prev != o {
		prev.retire()
	}
}

// disown ends o's ownership when the instance is disposed (a successor may own the files already).
func (o *ownedSnapshot) disown() {
	snapshotOwners.Lock()
	defer snapshotOwners.Unlock()
	if snapshotOwners.byPath[o.path] == o {
		delete(snapshotOwners.byPath, o.path)
	}
}
