package store

import "strings"

// urlTemplate is the shape a ticket system gives its tickets' links: a prefix, the id, a suffix
// ("https://redmine.example.com/issues/" + "42"). Learned from the first link that holds its ticket's id,
// it lets the store keep nothing for every link of that shape.
type urlTemplate struct {
	learned        bool
	prefix, suffix string
}

// fits reports whether url is the template around id, learning the template from the first url that
// holds its id.
func (u *urlTemplate) fits(url, id string) bool {
	if id == "" {
		return false
	}
	if !u.learned {
		i := strings.LastIndex(url, id)
		if i < 0 {
			return false
		}
		u.learned, u.prefix, u.suffix = true, strings.Clone(url[:i]), strings.Clone(url[i+len(id):])
		return true
	}
	return len(url) == len(u.prefix)+len(id)+len(u.suffix) && strings.HasPrefix(url, u.prefix) &&
		strings.HasSuffix(url, u.suffix) && url[len(u.prefix):len(u.prefix)+len(id)] == id
}

func (u *urlTemplate) around(id string) string { return u.prefix + id + u.suffix }
