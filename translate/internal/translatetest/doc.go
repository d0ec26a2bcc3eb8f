// Package translatetest holds what the tests of the translate packages
// share: golden files and the -update flag that rewrites them, the run of
// an event stream through a transcoder and checks of the SSE it writes,
// the benchmark request body, and the checks that secrets embedded in
// fuzzed text do not leak. Only tests import it.
package translatetest
