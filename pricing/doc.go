// Package pricing prices what an upstream reported, in USD, from tables in
// LiteLLM's model_prices_and_context_window.json format.
//
// A Table maps LiteLLM's keys to an Entry of per-unit prices. Snapshot is
// the table embedded in the binary (snapshot.json); Load reads a newer file
// of the same format and lays it over the snapshot; Parse reads one file
// alone. Lookup resolves a provider, the model ID the gateway calls upstream
// and the account's region to the most specific key LiteLLM has. Entry.Cost
// prices a response's usage without allocating, so it can run per request.
//
// # Key conventions
//
// LiteLLM keys Bedrock models by their plain model ID
// ("anthropic.claude-3-7-sonnet-20250219-v1:0"), by their cross-region
// inference profile ID ("us.anthropic…", "eu.…", "apac.…", "global.…") and,
// where a region bills differently, by "bedrock/<region>/<model ID>". Azure
// OpenAI models are "azure/<model>", with "azure/<zone>/<model>" for data
// zone and global deployments ("azure/eu/…", "azure/global-standard/…"). Azure
// AI model inference models are "azure_ai/<model>". Image prices that depend
// on size and quality live under "<W>-x-<H>/<quality>/<model>" (Bedrock) and
// "azure/<quality>/<W>-x-<H>/<model>" (Azure); see LookupImage, and
// ImagePrices, which gathers a model's sizes and qualities once so that an
// answer is priced without a lookup. Rerank models carry a price per query
// (input_cost_per_query), image models a price per image
// (output_cost_per_image).
//
// # A newer file overlays the snapshot
//
// Load keeps every snapshot entry the file does not name and replaces, whole,
// every entry it does. An operator who points pricing_file at LiteLLM's
// current file expects it to win for each model it has; one who writes a
// short file for a few private prices expects the rest to stay priced. A
// replacement is whole rather than field by field so that a price the newer
// file dropped (a cache price a provider withdrew) does not linger.
//
// # The snapshot
//
// snapshot.json holds LiteLLM's entries, prices unchanged and most fields the
// gateway does not read left out, for every model the gateway's README
// documents, with the cross-region and region variants LiteLLM has for them. Source: the
// BerriAI/litellm repository, model_prices_and_context_window.json at commit
// 00035b69f416be24e2e323c13198d9b7d2d1bdf9, taken 2026-12-01. The models of
// the README that file does not price are listed in snapshot_test.go.
package pricing
