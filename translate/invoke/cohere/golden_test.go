package cohere

import (
	"path/filepath"
	"strings"
	"testing"
)

// checkCovered fails for a file in dir that no case of a golden test
// reads: every input has a case, so none is silently skipped, and every
// golden file an input.
func checkCovered(t *testing.T, dir string, covered map[string]bool) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		if base, golden := strings.CutSuffix(name, ".golden"); golden {
			if !covered[base] {
				t.Errorf("orphan golden file %s", f)
			}
		} else if !covered[name] {
			t.Errorf("%s has no test case", f)
		}
	}
}
