package translatetest

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// update rewrites the golden files instead of comparing with them:
// go test -run Golden -update, then review the diff.
var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// Compare compares got with the file at path byte for byte, or rewrites
// the file with -update.
func Compare(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test -update rewrites it)\n got: %s\nwant: %s", path, got, want)
	}
}

// CompareJSON compares the JSON got with the golden file after indenting
// both the same way, or rewrites the file, indented, with -update.
func CompareJSON(t *testing.T, path string, got []byte) {
	t.Helper()
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, got, "", "  "); err != nil {
		t.Fatal(err)
	}
	pretty.WriteByte('\n')
	if *update {
		if err := os.WriteFile(path, pretty.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run %s -update to create it)", err, t.Name())
	}
	var compact, wantPretty bytes.Buffer
	if err := json.Compact(&compact, want); err != nil {
		t.Fatalf("golden %s: %v", path, err)
	}
	_ = json.Indent(&wantPretty, compact.Bytes(), "", "  ")
	wantPretty.WriteByte('\n')
	if pretty.String() != wantPretty.String() {
		t.Errorf("%s differs\n--- got\n%s--- want\n%s", path, pretty.String(), wantPretty.String())
	}
}

// CheckCovered fails for every <name>.json and <name>.golden.json in dir
// whose name has no test case in covered, so that no file is silently
// skipped.
func CheckCovered(t *testing.T, dir string, covered map[string]bool) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	for _, f := range files {
		name := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(f), ".json"), ".golden")
		if !covered[name] {
			t.Errorf("%s has no test case", f)
		}
	}
}
