package jira

import "context"

// Field kinds the connector maps to dimensions.
const (
	KindSelect      = "select"
	KindMultiSelect = "multi-select"
	KindCascading   = "cascading-select"
	KindUser        = "user"
	KindMultiUser   = "multi-user"
	KindText        = "text"
	KindNumber      = "number"
	KindLabels      = "labels"
)

// SiteField is one custom field of the site, as the config editor offers it ("fields from Jira").
type SiteField struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Kind is one of the Kind constants, or "" when the field's type cannot become a dimension.
	Kind  string `json:"kind"`
	Multi bool   `json:"multi"`
	// Type is Jira's schema type ("option", "array of option", ...), shown for unsupported fields.
	Type string `json:"type"`
}

type fieldSchema struct {
	Type   string `json:"type"`
	Items  string `json:"items"`
	Custom string `json:"custom"`
}

// SiteFields lists the site's custom fields (GET /rest/api/{3,2}/field) with the kind each maps as.
func (c *Connector) SiteFields(ctx context.Context) ([]SiteField, error) {
	var raw []struct {
		ID     string      `json:"id"`
		Name   string      `json:"name"`
		Custom bool        `json:"custom"`
		Schema fieldSchema `json:"schema"`
	}
	if err := c.call(ctx, "GET", c.cfg.Flavor.api()+"/field", nil, &raw); err != nil {
		return nil, err
	}
	var out []SiteField
	for _, f := range raw {
		if !f.Custom {
			continue
		}
		kind, multi := fieldKind(f.Schema)
		typ := f.Schema.Type
		if f.Schema.Items != "" {
			typ += " of " + f.Schema.Items
		}
		out = append(out, SiteField{ID: f.ID, Name: f.Name, Kind: kind, Multi: multi, Type: typ})
	}
	return out, nil
}

// fieldKind reads the schema /field reports: type "option" (select, radio), "array" of "option"
// (multi-select, checkboxes), "option-with-child" (cascading), "user" / array of "user", "string" (text;
// Cloud's paragraph fields are ADF), "number", array of "string" (labels).
func fieldKind(s fieldSchema) (string, bool) {
	switch s.Type {
	case "option":
		return KindSelect, false
	case "option-with-child":
		return KindCascading, false
	case "user":
		return KindUser, false
	case "string":
		return KindText, false
	case "number":
		return KindNumber, false
	case "array":
		switch s.Items {
		case "option":
			return KindMultiSelect, true
		case "user":
			return KindMultiUser, true
		case "string":
			return KindLabels, true
		}
	}
	return "", false
}
