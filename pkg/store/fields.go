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
	KindNumber   Kind = iota // id: []int64
	KindText                 // title, description, url: one string per row
	KindCategory             // severity, status, state, dimensions: dictionary codes
	KindTime                 // opened, updated, resolved: unix milliseconds, 0 = none
)

// FieldInfo describes one field for the fields resource and the query editor.
type FieldInfo struct {
	Key  string `json:"key"`
	Name string `json:"name"`
	Type string `json:"type"`
}

type fixedField struct {
	info FieldInfo
	kind Kind
}

var fixedFields = []fixedField{
	{FieldInfo{KeyID, "ID", TypeNumber}, KindNumber},
	{FieldInfo{KeyTitle, "Title", TypeString}, KindText},
	{FieldInfo{KeyDescription, "Description", TypeString}, KindText},
	{FieldInfo{KeyURL, "URL", TypeString}, KindText},
	{FieldInfo{KeySeverity, "Severity", TypeString}, KindCategory},
	{FieldInfo{KeyStatus, "Status", TypeString}, KindCategory},
	{FieldInfo{KeyState, "State", TypeString}, KindCategory},
	{FieldInfo{KeyOpened, "Opened", TypeTime}, KindTime},
	{FieldInfo{KeyUpdated, "Updated", TypeTime}, KindTime},
	{FieldInfo{KeyResolved, "Resolved", TypeTime}, KindTime},
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
