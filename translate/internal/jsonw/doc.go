// Package jsonw reads and writes JSON without reflection or allocation,
// for the hot paths of the translate packages: a validator as strict as
// encoding/json's (Valid), walkers that slice the members and elements
// out of validated input (ObjectMembers, ArrayItems, Pick, Lookup), and
// writers that append string literals, keys and separators to a caller's
// buffer (AppendString, AppendKey, AppendSep, AppendCompact).
package jsonw
