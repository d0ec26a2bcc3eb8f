package jsonw

// Pick sets *vals[i] to the raw value of the member keys[i] of the JSON
// object obj (of the last one, if the key repeats), leaving the others as
// they are; ok is false when obj is not an object. Answers and stream
// events are read this way: the few members a reader needs, in one pass,
// with no allocation.
func Pick(obj []byte, keys []string, vals ...*[]byte) (ok bool) {
	m, ok := ObjectMembers(obj)
	if !ok {
		return false
	}
	for k, v, ok := m.Next(); ok; k, v, ok = m.Next() {
		for i, key := range keys {
			if KeyIs(k, key) {
				*vals[i] = v
				break
			}
		}
	}
	return true
}

// Lookup returns the raw value of key in the JSON object obj; of the last
// member named key if there are several.
func Lookup(obj []byte, key string) ([]byte, bool) {
	var val []byte
	Pick(obj, []string{key}, &val)
	return val, val != nil
}
