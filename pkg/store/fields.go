package store

// Keys of the fixed fields every ticket has.
const (
	KeyID          = "id"
	KeyTitle       = "title"
	KeyDescription = "description"
	KeyURL         = "url"
	KeySeverity    = "severity"
	KeyStatus      = "status"
	KeyState       = "state"
	KeyOpened      = "opened"
	KeyUpdated     = "updated"
	KeyResolved    = "resolved"
)

// Values of the state field.
const (
	StateOpen   = "open"
	StateClosed = "closed"
)

// Field types as the query model names them.
const (
	TypeNumber = "number"
	TypeString = "string"
	TypeTime   = "time"
)

// Kind says how a field is stored, which decides how filters evaluate it.
type Kind int

const (
	KindText     Kind = iota // id, title, description, url: one string per row
	KindCategory             // severity, status, state, dimensions: dictionary codes
	KindTime                 // opened, updated, resolved: unix milliseconds, 0 = none
)

// FieldInfo describes one field for the fields resource and the query editor.
type FieldInfo struct {
	Key  string `json:"key"`
	Name string `json:"name"`
	Type string `json:"type"`
	// Multi marks a multi-valued dimension (labels, components): filters match any of a ticket's values.
	Multi bool `json:"multi,omitempty"`
}

type fixedField struct {
	info FieldInfo
	kind Kind
}

var fixedFields = []fixedField{
	{FieldInfo{Key: KeyID, Name: "ID", Type: TypeString}, KindText},
	{FieldInfo{Key: KeyTitle, Name: "Title", Type: TypeString}, KindText},
	{FieldInfo{Key: KeyDescription, Name: "Description", Type: TypeString}, KindText},
	{FieldInfo{Key: KeyURL, Name: "URL", Type: TypeString}, KindText},
	{FieldInfo{Key: KeySeverity, Name: "Severity", Type: TypeString}, KindCategory},
	{FieldInfo{Key: KeyStatus, Name: "Status", Type: TypeString}, KindCategory},
	{FieldInfo{Key: KeyState, Name: "State", Type: TypeString}, KindCategory},
	{FieldInfo{Key: KeyOpened, Name: "Opened", Type: TypeTime}, KindTime},
	{FieldInfo{Key: KeyUpdated, Name: "Updated", Type: TypeTime}, KindTime},
	{FieldInfo{Key: KeyResolved, Name: "Resolved", Type: TypeTime}, KindTime},
}

// FixedKeys are the keys of the fixed fields, in display order; a dimension must not take one.
func FixedKeys() []string {
	out := make([]string, len(fixedFields))
	for i, f := range fixedFields {
		out[i] = f.info.Key
	}
	return out
}

func fixedKind(key string) (Kind, bool) {
	for _, f := range fixedFields {
		if f.info.Key == key {
			return f.kind, true
		}
	}
	return 0, false
}
