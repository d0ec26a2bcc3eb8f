// Package rerank translates the rerank request LiteLLM serves (Cohere's
// and Jina's shape: model, query, documents, top_n, return_documents) to
// the two ways Bedrock reranks, and their answers back:
//
//   - the Bedrock Agent Runtime's Rerank API (queries, sources,
//     rerankingConfiguration), which serves Amazon Rerank 1.0 and Cohere
//     Rerank 3.5;
//   - InvokeModel with Cohere Rerank's native body (query, documents,
//     top_n, api_version).
//
// Both answers become Cohere's: {"id", "results": [{"index",
// "relevance_score", "document"?}], "meta": {"billed_units":
// {"search_units"}}}, sorted by score, at most top_n. Nothing here does
// I/O. Texts travel as the client's own JSON string literals, already
// validated, so no document is decoded and re-encoded on the way.
package rerank
