package servicenow

import (
	"context"
	"strings"

	"github.com/spacetime/tickets/pkg/connector/httpapi"
)

const reconcileChunk = 100

// Existing returns which of the sys_ids the table still holds within the scope. Each chunk first reads
// sys_audit_delete (where the account may: ServiceNow's own record of deletions, so a deleted record is
// named as deleted), then asks the table for the rest by sys_idIN, which also drops records that left the
// scope. Without read access to sys_audit_delete (403), the table alone decides.
func (c *Connector) Existing(ctx context.Context, ids []string) (map[string]bool, error) {
	out := map[string]bool{}
	for start := 0; start < len(ids); start += reconcileChunk {
		chunk := ids[start:min(start+reconcileChunk, len(ids))]
		deleted, err := c.auditDeleted(ctx, chunk)
		if err != nil {
			return nil, err
		}
		var ask []string
		for _, id := range chunk {
			if !deleted[id] {
				ask = append(ask, id)
			}
		}
		if len(ask) == 0 {
			continue
		}
		err = c.walk(ctx, c.cfg.Table, c.scoped("sys_idIN"+strings.Join(ask, ",")), keyset{field: "sys_updated_on"}, []string{"sys_id", "sys_updated_on"},
			func(rs []Record, _ int) error {
				for _, r := range rs {
					out[r["sys_id"]] = true
				}
				return nil
			})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// auditDeleted reads which of ids sys_audit_delete records as deleted from the table; nil when the account
// may not read it (remembered, so it is asked once).
func (c *Connector) auditDeleted(ctx context.Context, ids []string) (map[string]bool, error) {
	if ok, known := c.AuditReadable(); known && !ok {
		return nil, nil
	}
	req := c.tableRequest("sys_audit_delete", []string{"documentkey"})
	req.Query.Set("sysparm_query", "tablename="+c.cfg.Table+"^documentkeyIN"+strings.Join(ids, ","))
	req.Query.Set("sysparm_limit", "1000")
	var p tablePage
	_, err := c.http.Do(ctx, req, &p)
	if k := httpapi.KindOf(err); k == httpapi.KindForbidden || k == httpapi.KindNotFound {
		c.setAudit(false)
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	c.setAudit(true)
	out := map[string]bool{}
	for _, r := range p.Result {
		out[r["documentkey"]] = true
	}
	return out, nil
}

// AuditReadable says whether sys_audit_delete could be read (known is false until it was tried).
func (c *Connector) AuditReadable() (ok, known bool) {
	c.auditMu.Lock()
	defer c.auditMu.Unlock()
	if c.auditReadable == nil {
		return false, false
	}
	return *c.auditReadable, true
}

func (c *Connector) setAudit(ok bool) {
	c.auditMu.Lock()
	defer c.auditMu.Unlock()
	c.auditReadable = &ok
}
