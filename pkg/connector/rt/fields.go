package rt

import (
	"context"
	"sync"

	"github.com/spacetime/tickets/pkg/connector/httpapi"
)

// fieldCache holds the custom field definitions a search met: a ticket shows a field's values, not whether
// it takes several, and a dimension must say so the same way on every page.
type fieldCache struct {
	mu     sync.Mutex
	fields map[string]fieldInfo
}

func newFieldCache() *fieldCache { return &fieldCache{fields: map[string]fieldInfo{}} }

// customField is GET /REST/2.0/customfield/:id (the parts Spacetime reads).
type customField struct {
	Name string `json:"Name"`
	// MaxValues is 1 for a field that takes one value, 0 for any number (RT's JSON writes it as text).
	MaxValues flexID `json:"MaxValues"`
}

// resolve returns the definitions of the custom fields on items, asking RT once for each field not met before.
func (c *Connector) resolveFields(ctx context.Context, items []Item) (map[string]fieldInfo, error) {
	c.fields.mu.Lock()
	var missing []CustomField
	asked := map[string]bool{}
	for _, it := range items {
		for _, cf := range it.CustomFields {
			if _, ok := c.fields.fields[cf.ID]; !ok && !asked[cf.ID] {
				asked[cf.ID] = true
				missing = append(missing, cf)
			}
		}
	}
	c.fields.mu.Unlock()
	for _, cf := range missing {
		var def customField
		_, err := c.http.Do(ctx, httpapi.Request{Path: "/REST/2.0/customfield/" + cf.ID}, &def)
		switch k := httpapi.KindOf(err); {
		case err == nil:
		case k == httpapi.KindForbidden || k == httpapi.KindNotFound:
			// The field's own SeeCustomField right is missing (a queue's right shows its values on tickets,
			// not its definition): take it as single-valued, the common case.
			def = customField{Name: cf.Name, MaxValues: "1"}
		default:
			return nil, err
		}
		name := def.Name
		if name == "" {
			name = cf.Name
		}
		info := fieldInfo{key: fieldKey(name, c.cfg.Reserved), name: name, multi: def.MaxValues != "1"}
		c.fields.mu.Lock()
		c.fields.fields[cf.ID] = info
		c.fields.mu.Unlock()
	}
	c.fields.mu.Lock()
	defer c.fields.mu.Unlock()
	out := make(map[string]fieldInfo, len(c.fields.fields))
	for k, v := range c.fields.fields {
		out[k] = v
	}
	return out, nil
}
