package lesson

import "strings"

// lines says where things are in a lesson file: the TOML decoder gives
// values without their lines, and every error must name one. It is found
// by a scan of the text that knows just enough TOML to tell a key at the
// start of a statement from the inside of a string or an array; the file
// has already parsed when it is used, so a near miss costs only the line
// number an error names.
type lines struct {
	steps []int          // the line of each [[step]] header, in order
	keys  map[keyAt]int  // the line of each key, by table
	top   map[string]int // the line of each top-level key
}

// keyAt is a key inside the step with index step.
type keyAt struct {
	step int
	key  string
}

// step returns the line of step i's header, or 1 when unknown.
func (l *lines) step(i int) int {
	if i >= 0 && i < len(l.steps) {
		return l.steps[i]
	}
	return l.topKey("step")
}

// stepKey returns the line of key in step i, or the step's header line.
func (l *lines) stepKey(i int, key string) int {
	if n, ok := l.keys[keyAt{i, key}]; ok {
		return n
	}
	return l.step(i)
}

// topKey returns the line of a top-level key, or 1.
func (l *lines) topKey(key string) int {
	if n, ok := l.top[key]; ok {
		return n
	}
	return 1
}

// scanLines scans text for the lines of its table headers and keys.
func scanLines(text string) *lines {
	l := &lines{keys: map[keyAt]int{}, top: map[string]int{}}
	s := scanner{text: text, line: 1}
	table, step := "", -1 // the table keys land in: "" top, "step" the step, else another
	for {
		s.skipBlank()
		if s.done() {
			return l
		}
		line := s.line
		switch s.peek() {
		case '#':
			s.skipComment()
		case '[':
			name, double := s.header()
			parts := splitKey(name)
			if len(parts) == 0 {
				continue
			}
			switch {
			case double && len(parts) == 1 && parts[0] == "step":
				step++
				l.steps = append(l.steps, line)
				table = "step"
			case parts[0] == "step" && len(parts) > 1 && step >= 0:
				// [step.x] or [[step.x]]: x is a key of the current step
				if _, ok := l.keys[keyAt{step, parts[1]}]; !ok {
					l.keys[keyAt{step, parts[1]}] = line
				}
				table = "other"
			default:
				if _, ok := l.top[parts[0]]; !ok {
					l.top[parts[0]] = line
				}
				table = "other"
			}
		default:
			key := s.key()
			s.value()
			parts := splitKey(key)
			if len(parts) == 0 {
				continue
			}
			switch table {
			case "":
				if _, ok := l.top[parts[0]]; !ok {
					l.top[parts[0]] = line
				}
			case "step":
				if _, ok := l.keys[keyAt{step, parts[0]}]; !ok {
					l.keys[keyAt{step, parts[0]}] = line
				}
			}
		}
	}
}

// splitKey splits a dotted key into its parts, unquoted and trimmed.
func splitKey(key string) []string {
	var parts []string
	var cur strings.Builder
	quote := byte(0)
	for i := 0; i < len(key); i++ {
		c := key[i]
		switch {
		case quote != 0 && c == quote:
			quote = 0
		case quote != 0:
			if c == '\\' && quote == '"' && i+1 < len(key) {
				i++
				c = key[i]
			}
			cur.WriteByte(c)
		case c == '"' || c == '\'':
			quote = c
		case c == '.':
			parts = append(parts, strings.TrimSpace(cur.String()))
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	if p := strings.TrimSpace(cur.String()); p != "" || len(parts) > 0 {
		parts = append(parts, p)
	}
	return parts
}

// scanner walks a TOML text byte by byte, counting lines.
type scanner struct {
	text string
	pos  int
	line int
}

func (s *scanner) done() bool { return s.pos >= len(s.text) }
func (s *scanner) peek() byte { return s.text[s.pos] }

func (s *scanner) next() byte {
	c := s.text[s.pos]
	s.pos++
	if c == '\n' {
		s.line++
	}
	return c
}

func (s *scanner) skipBlank() {
	for !s.done() && strings.IndexByte(" \t\r\n", s.peek()) >= 0 {
		s.next()
	}
}

// skipComment skips to the end of the line, leaving the newline.
func (s *scanner) skipComment() {
	for !s.done() && s.peek() != '\n' {
		s.pos++
	}
}

// header reads a table header, [name] or [[name]], and the rest of its line.
func (s *scanner) header() (name string, double bool) {
	s.next()
	if !s.done() && s.peek() == '[' {
		s.next()
		double = true
	}
	start := s.pos
	for !s.done() && s.peek() != ']' && s.peek() != '\n' {
		if c := s.peek(); c == '"' || c == '\'' {
			s.str()
			continue
		}
		s.next()
	}
	name = s.text[start:s.pos]
	s.skipComment()
	return name, double
}

// key reads a key up to its '=' (which it consumes).
func (s *scanner) key() string {
	start := s.pos
	for !s.done() && s.peek() != '=' && s.peek() != '\n' {
		if c := s.peek(); c == '"' || c == '\'' {
			s.str()
			continue
		}
		s.next()
	}
	key := s.text[start:s.pos]
	if !s.done() && s.peek() == '=' {
		s.next()
	}
	return key
}

// value skips a value to the end of its statement: the end of the line
// outside any string, array or inline table.
func (s *scanner) value() {
	depth := 0
	for !s.done() {
		switch c := s.peek(); c {
		case '"', '\'':
			s.str()
		case '[', '{':
			depth++
			s.next()
		case ']', '}':
			depth--
			s.next()
		case '#':
			s.skipComment()
		case '\n':
			if depth <= 0 {
				return
			}
			s.next()
		default:
			s.next()
		}
	}
}

// str skips a string of any of TOML's four kinds, starting at its quote.
func (s *scanner) str() {
	q := s.next()
	if strings.HasPrefix(s.text[s.pos:], string([]byte{q, q})) {
		// three quotes open a multi-line string ("" then another quote
		// is never an empty string in a valid file)
		s.pos += 2
		end := string([]byte{q, q, q})
		for !s.done() {
			if q == '"' && s.peek() == '\\' {
				s.next()
				if !s.done() {
					s.next()
				}
				continue
			}
			if strings.HasPrefix(s.text[s.pos:], end) {
				s.pos += 3
				// up to two more quotes belong to the string
				for i := 0; i < 2 && !s.done() && s.peek() == q; i++ {
					s.pos++
				}
				return
			}
			s.next()
		}
		return
	}
	for !s.done() {
		c := s.peek()
		if c == '\n' {
			return // an unterminated string: the line ends it
		}
		s.next()
		if c == '\\' && q == '"' && !s.done() && s.peek() != '\n' {
			s.next()
			continue
		}
		if c == q {
			return
		}
	}
}
