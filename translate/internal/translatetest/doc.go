// Package translatetest holds what the tests of the translate packages
// share: golden files and the -update flag that rewrites them, Bedrock
// event streams encoded and transcoded as the backend reads them, checks
// of the SSE streams the transcoders write, the benchmark request body, and
// the checks that secrets embedded in fuzzed text do not leak. Only tests
// import it.
package translatetest
